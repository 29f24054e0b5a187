import { useState } from "react";
import {
  Alert,
  AlertActionLink,
  Button,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextInput,
} from "@patternfly/react-core";
import type { SavedFile } from "../bindings/SavedFile";
import { toUiError, type UiError } from "../errors";
import type { MessageKey } from "../i18n/en";
import { useT } from "../i18n/i18n";
import { CertsErrorAlert } from "./CertsErrorAlert";
import { octalMode } from "./files";

/** Whether a save was refused only because the file is there (the UI then asks once). */
export function isFileExists(error: UiError): boolean {
  return error.code === "fileExists";
}

/** An absolute path on Unix (`/…`) or Windows (`C:\…`, `\\server\…`). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\\\");
}

export interface SaveToPathProps {
  /** Prefix of the test ids (`export`, `save-key`). */
  testId: string;
  label: string;
  help?: string;
  defaultPath: string;
  button: string;
  failedTitle: MessageKey;
  disabled?: boolean;
  /** Writes the file; `overwrite` is true only after the user said so. */
  save: (path: string, overwrite: boolean) => Promise<SavedFile>;
}

type State =
  | { status: "idle" }
  | { status: "saving" }
  | { status: "exists"; path: string }
  | { status: "saved"; file: SavedFile }
  | { status: "failed"; error: UiError };

/**
 * A path field and a button that writes one file there. An existing file is never replaced
 * silently: the refusal turns into one question, and only "Overwrite" writes over it.
 */
export function SaveToPath({ testId, label, help, defaultPath, button, failedTitle, disabled, save }: SaveToPathProps) {
  const t = useT();
  const [path, setPath] = useState("");
  const [edited, setEdited] = useState(false);
  const [state, setState] = useState<State>({ status: "idle" });
  const shownPath = edited ? path : defaultPath;
  const relative = shownPath.trim() !== "" && !isAbsolutePath(shownPath.trim());

  const run = async (overwrite: boolean) => {
    const target = shownPath.trim();
    if (!isAbsolutePath(target)) return;
    setState({ status: "saving" });
    try {
      const file = await save(target, overwrite);
      setState({ status: "saved", file });
    } catch (reason) {
      const error = toUiError(reason);
      setState(!overwrite && isFileExists(error) ? { status: "exists", path: target } : { status: "failed", error });
    }
  };

  return (
    <div className="rc-save" data-testid={`${testId}-form`}>
      <FormGroup label={label} fieldId={`${testId}-path`}>
        <div className="rc-save-row">
          <TextInput
            id={`${testId}-path`}
            data-testid={`${testId}-path`}
            value={shownPath}
            validated={relative ? "error" : "default"}
            onChange={(_e, value) => {
              setEdited(true);
              setPath(value);
              if (state.status !== "saving") setState({ status: "idle" });
            }}
            className="rc-mono"
          />
          <Button
            variant="secondary"
            data-testid={testId}
            isDisabled={disabled || state.status === "saving" || !isAbsolutePath(shownPath.trim())}
            isLoading={state.status === "saving"}
            onClick={() => void run(false)}
          >
            {state.status === "saving" ? t("save.saving") : button}
          </Button>
        </div>
        {(relative || help) && (
          <FormHelperText>
            <HelperText>
              {relative ? (
                <HelperTextItem variant="error">{t("save.absolutePath")}</HelperTextItem>
              ) : (
                <HelperTextItem>{help}</HelperTextItem>
              )}
            </HelperText>
          </FormHelperText>
        )}
      </FormGroup>
      {state.status === "exists" && (
        <Alert
          variant="warning"
          isInline
          className="rc-save-alert"
          data-testid={`${testId}-exists`}
          title={t("save.existsTitle", { path: state.path })}
          actionLinks={[
            <AlertActionLink key="overwrite" data-testid={`${testId}-overwrite`} onClick={() => void run(true)}>
              {t("save.overwrite")}
            </AlertActionLink>,
            <AlertActionLink key="cancel" data-testid={`${testId}-cancel`} onClick={() => setState({ status: "idle" })}>
              {t("common.cancel")}
            </AlertActionLink>,
          ]}
        >
          {t("save.existsBody")}
        </Alert>
      )}
      {state.status === "saved" && (
        <Alert
          variant="success"
          isInline
          isPlain
          className="rc-save-alert"
          data-testid={`${testId}-saved`}
          title={t("save.saved", {
            path: state.file.path,
            bytes: state.file.bytes.toLocaleString(t.language),
            mode: octalMode(state.file.mode),
          })}
        />
      )}
      {state.status === "failed" && (
        <CertsErrorAlert error={state.error} fallbackTitle={failedTitle} className="rc-save-alert" testId={`${testId}-error`} />
      )}
    </div>
  );
}
