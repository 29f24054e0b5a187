import { useState, type ReactNode } from "react";
import { Button } from "@patternfly/react-core";
import { FolderOpenIcon } from "@patternfly/react-icons";
import { toUiError } from "../errors";
import { pickFolder, pickOpenPath, pickOpenPaths, type DialogFilter } from "./fileDialogs";

export interface OpenFileButtonProps {
  testId: string;
  /** The button's text ("Open files…"). */
  label: string;
  /** The dialog's title; the button's text when not given. */
  title?: string;
  filters?: DialogFilter[];
  /** A folder or file the dialog starts in. */
  defaultPath?: string;
  /** Several files at once. */
  multiple?: boolean;
  /** A folder rather than a file. */
  folder?: boolean;
  /** Gets the absolute paths chosen (never empty): the backend reads them. */
  onPaths: (paths: string[]) => void;
  /** Said when the dialog itself could not open. */
  onError?: (message: string) => void;
  variant?: "primary" | "secondary" | "link" | "tertiary";
  icon?: ReactNode;
  isDisabled?: boolean;
}

/**
 * A button that asks for a file (or files, or a folder) with the system's open dialog and
 * hands over the paths: the page sends them to the backend, which reads the file itself.
 */
export function OpenFileButton({
  testId,
  label,
  title,
  filters,
  defaultPath,
  multiple,
  folder,
  onPaths,
  onError,
  variant = "secondary",
  icon,
  isDisabled,
}: OpenFileButtonProps) {
  const [open, setOpen] = useState(false);
  const ask = async () => {
    setOpen(true);
    try {
      const options = { title: title ?? label, filters, defaultPath };
      const paths = folder
        ? [await pickFolder(options)].filter((p): p is string => p !== null)
        : multiple
          ? await pickOpenPaths(options)
          : [await pickOpenPath(options)].filter((p): p is string => p !== null);
      if (paths.length) onPaths(paths);
    } catch (reason) {
      onError?.(toUiError(reason).message);
    } finally {
      setOpen(false);
    }
  };
  return (
    <Button
      variant={variant}
      icon={icon ?? <FolderOpenIcon />}
      data-testid={testId}
      isDisabled={isDisabled || open}
      onClick={() => void ask()}
    >
      {label}
    </Button>
  );
}
