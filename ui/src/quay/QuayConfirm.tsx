import { useState, type ReactNode } from "react";
import { Button, Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { QuayErrorAlert } from "./QuayErrorAlert";

/**
 * The one question a destructive or widening Quay action asks: what will happen, then the
 * action; a refusal is shown in the dialog, where the user acted, and the dialog stays.
 */
export function QuayConfirm({
  testId,
  title,
  body,
  submit,
  failed,
  danger,
  onCancel,
  run,
}: {
  testId: string;
  title: string;
  body: ReactNode;
  submit: string;
  failed: MessageKey;
  danger?: boolean;
  onCancel: () => void;
  run: () => Promise<void>;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  return (
    <Modal isOpen variant="small" onClose={busy ? undefined : onCancel} aria-labelledby={`${testId}-title`} data-testid={testId}>
      <ModalHeader title={title} labelId={`${testId}-title`} titleIconVariant="warning" />
      <ModalBody>
        {error && <QuayErrorAlert error={error} title={failed} />}
        <p data-testid={`${testId}-body`}>{body}</p>
      </ModalBody>
      <ModalFooter>
        <Button
          variant={danger ? "danger" : "warning"}
          data-testid={`${testId}-submit`}
          isLoading={busy}
          isDisabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await run();
            } catch (reason) {
              setError(toUiError(reason));
              setBusy(false);
            }
          }}
        >
          {submit}
        </Button>
        <Button variant="link" onClick={onCancel} isDisabled={busy}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
