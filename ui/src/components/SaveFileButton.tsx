import { useState, type ReactNode } from "react";
import { Button } from "@patternfly/react-core";
import { OutlinedSaveIcon } from "@patternfly/react-icons";
import { toUiError, type UiError } from "../errors";
import { pickSavePath, type DialogFilter } from "./fileDialogs";

export interface SaveFileButtonProps<T> {
  testId: string;
  /** The button's text ("Export…"). */
  label: string;
  /** The dialog's title; the button's text when not given. */
  title?: string;
  /** The file name (or full path) the dialog suggests. */
  defaultPath?: string;
  filters?: DialogFilter[];
  isDisabled?: boolean;
  /**
   * Writes the file at the path chosen. The system dialog has already asked before replacing
   * an existing file, so the app does not ask again.
   */
  save: (path: string) => Promise<T>;
  /** What to say once written. */
  saved: (result: T) => ReactNode;
  /** How to show a failure, where the user acted. */
  failed: (error: UiError) => ReactNode;
  /** Anything shown under the button (a hint) while nothing is said. */
  children?: ReactNode;
}

type State<T> = { status: "idle" } | { status: "saving" } | { status: "saved"; result: T } | { status: "failed"; error: UiError };

/**
 * A button that asks where to save with the system's save dialog, then has the backend write
 * the file there. Cancelling the dialog changes nothing.
 */
export function SaveFileButton<T>({ testId, label, title, defaultPath, filters, isDisabled, save, saved, failed, children }: SaveFileButtonProps<T>) {
  const [state, setState] = useState<State<T>>({ status: "idle" });
  const run = async () => {
    setState({ status: "saving" });
    try {
      const path = await pickSavePath({ title: title ?? label, defaultPath, filters });
      if (path === null) {
        setState({ status: "idle" });
        return;
      }
      setState({ status: "saved", result: await save(path) });
    } catch (reason) {
      setState({ status: "failed", error: toUiError(reason) });
    }
  };
  return (
    <div className="rc-save" data-testid={`${testId}-form`}>
      <div>
        <Button
          variant="secondary"
          icon={<OutlinedSaveIcon />}
          data-testid={testId}
          isDisabled={isDisabled || state.status === "saving"}
          isLoading={state.status === "saving"}
          onClick={() => void run()}
        >
          {label}
        </Button>
      </div>
      {state.status === "saved" ? saved(state.result) : state.status === "failed" ? failed(state.error) : children}
    </div>
  );
}
