import { useState, type ComponentType, type ReactNode } from "react";
import { Button, Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { ErrorAlert } from "./ErrorAlert";
import { useSignInShown } from "../signin/Reauth";

export interface ConfirmModalProps {
  /** The dialog's `data-testid`; its parts are `<testId>-title`, `-body`, `-confirm`, `-cancel`, `-error`. */
  testId: string;
  /** The question ("Delete robot account build?"). */
  title: string;
  /** What will happen, in one paragraph. */
  body: ReactNode;
  /** The paragraph's `data-testid`, where a test already knows it by another name. */
  bodyTestId?: string;
  /** More to see before deciding (the equivalent command, the entry to be written). */
  children?: ReactNode;
  /** The confirm button's text: the action itself ("Delete"), never "OK". */
  confirm: string;
  /** The confirm button's `data-testid`, where a test already knows it by another name. */
  confirmTestId?: string;
  /** The cancel button's text, where the dialog says more than "Cancel" ("Keep it"). */
  cancel?: string;
  /** Focus starts on Cancel, so that Enter does not delete (for what cannot be undone). */
  focusCancel?: boolean;
  /**
   * `danger` for what cannot be undone (a delete), `warning` for what widens access or
   * replaces a secret, `primary` for a write the user asked for by name.
   */
  variant?: "primary" | "warning" | "danger";
  size?: "small" | "medium";
  /** The alert's title when `run` fails. */
  failed: MessageKey;
  /** The area's error alert (Quay's, the cluster's), for its words and links; a plain one otherwise. */
  errorAlert?: ComponentType<{ error: UiError; title: MessageKey; onSignIn?: () => void }>;
  /** Given to `errorAlert`: where its "sign in" link leads. */
  onSignIn?: () => void;
  onCancel: () => void;
  /** Does the action; the dialog closes only through what `run` does on success. */
  run: () => Promise<void>;
  /** The action cannot be asked yet (what it would do is still being worked out). */
  confirmDisabled?: boolean;
  /**
   * A refusal the next try would meet too (a registry with deletes turned off): after it the
   * confirm button stays disabled, and only Cancel is left.
   */
  refusalIsFinal?: (error: UiError) => boolean;
}

/**
 * The one confirmation every action asks: what will happen, then the action. While it runs the
 * buttons wait and the dialog cannot be dismissed; a refusal is shown inside, where the user
 * acted, and the dialog stays so they can try again or cancel.
 */
export function ConfirmModal({
  testId,
  title,
  body,
  bodyTestId,
  children,
  confirm,
  confirmTestId,
  cancel,
  focusCancel,
  variant = "primary",
  size = "small",
  failed,
  errorAlert: Failure,
  onSignIn,
  onCancel,
  run,
  confirmDisabled = false,
  refusalIsFinal,
}: ConfirmModalProps) {
  const t = useT();
  // Steps aside while the sign-in dialog asks (a call of `run` was refused), and comes back.
  const signingIn = useSignInShown();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };
  const final = error !== null && refusalIsFinal?.(error) === true;
  return (
    <Modal
      isOpen={!signingIn}
      variant={size}
      onClose={busy ? undefined : onCancel}
      aria-labelledby={`${testId}-title`}
      aria-describedby={`${testId}-body`}
      data-testid={testId}
      elementToFocus={focusCancel ? `#${testId}-cancel` : undefined}
    >
      <ModalHeader title={title} labelId={`${testId}-title`} titleIconVariant={variant === "primary" ? undefined : "warning"} />
      <ModalBody className="rc-stack">
        {error && (Failure ? <Failure error={error} title={failed} onSignIn={onSignIn} /> : <ErrorAlert error={error} title={t(failed)} testId={`${testId}-error`} />)}
        <p id={`${testId}-body`} data-testid={bodyTestId ?? `${testId}-body`}>
          {body}
        </p>
        {children}
      </ModalBody>
      <ModalFooter>
        <Button variant={variant} data-testid={confirmTestId ?? `${testId}-confirm`} isLoading={busy} isDisabled={busy || confirmDisabled || final} onClick={go}>
          {confirm}
        </Button>
        {/* aria-disabled, not disabled, while it runs: the dialog keeps one focusable control.
            A sign-in dialog can open over this one mid-action; when it closes, this dialog's
            focus trap resumes and throws (blanking the window) if nothing in it takes focus. */}
        <Button id={`${testId}-cancel`} variant="link" data-testid={`${testId}-cancel`} onClick={onCancel} isAriaDisabled={busy}>
          {cancel ?? t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
