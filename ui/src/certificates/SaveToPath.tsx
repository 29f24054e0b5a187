import { Alert, HelperText, HelperTextItem } from "@patternfly/react-core";
import type { SavedFile } from "../bindings/SavedFile";
import { SaveFileButton } from "../components/SaveFileButton";
import type { MessageKey } from "../i18n/en";
import { useT } from "../i18n/i18n";
import { CertsErrorAlert } from "./CertsErrorAlert";
import { octalMode } from "./files";

/** An absolute path on Unix (`/…`) or Windows (`C:\…`, `\\server\…`). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\\\");
}

/** What the save dialog offers first for certificates and keys. */
const PEM_FILTERS = [{ name: "PEM", extensions: ["pem", "crt", "cert", "key"] }];

export interface SaveToPathProps {
  /** Prefix of the test ids (`export`, `save-key`). */
  testId: string;
  /** What is saved, as the dialog's title. */
  label: string;
  help?: string;
  /** The file the dialog suggests (a name in the user's home). */
  defaultPath: string;
  button: string;
  failedTitle: MessageKey;
  disabled?: boolean;
  /** Writes the file; `overwrite` is true because the save dialog asked before replacing. */
  save: (path: string, overwrite: boolean) => Promise<SavedFile>;
}

/**
 * Saves one certificate file where the user says in the system's save dialog (which asks
 * before replacing a file), written by the backend with mode 0600.
 */
export function SaveToPath({ testId, label, help, defaultPath, button, failedTitle, disabled, save }: SaveToPathProps) {
  const t = useT();
  return (
    <div className="rc-stack-sm">
      <span className="rc-save-label">{label}</span>
      <SaveFileButton<SavedFile>
      testId={testId}
      label={button}
      title={label}
      defaultPath={defaultPath}
      filters={PEM_FILTERS}
      isDisabled={disabled}
      save={(path) => save(path, true)}
      saved={(file) => (
        <Alert
          variant="success"
          isInline
          isPlain
          className="rc-save-alert"
          data-testid={`${testId}-saved`}
          title={t("save.saved", { path: file.path, bytes: file.bytes.toLocaleString(t.language), mode: octalMode(file.mode) })}
        />
      )}
      failed={(error) => <CertsErrorAlert error={error} fallbackTitle={failedTitle} className="rc-save-alert" testId={`${testId}-error`} />}
    >
      {help && (
        <HelperText>
          <HelperTextItem>{help}</HelperTextItem>
        </HelperText>
      )}
      </SaveFileButton>
    </div>
  );
}
