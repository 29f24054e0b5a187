import { useState } from "react";
import { Alert, Button, Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";

export interface RemoveConnectionModalProps {
  connection: Connection;
  /** Called after the connection is gone (removed now, or already removed elsewhere). */
  onDone: () => void;
  onCancel: () => void;
}

export function RemoveConnectionModal({ connection, onDone, onCancel }: RemoveConnectionModalProps) {
  const t = useT();
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const remove = async () => {
    if (removing) return;
    setRemoving(true);
    setError(null);
    try {
      await commands.connectionRemove(connection.id);
      onDone();
    } catch (reason) {
      const e = toUiError(reason);
      // Already gone: the list is stale, so refreshing it is the whole answer.
      if (e.code === "notFound") {
        onDone();
        return;
      }
      setError(e);
      setRemoving(false);
    }
  };

  return (
    <Modal
      isOpen
      variant="small"
      onClose={removing ? undefined : onCancel}
      aria-labelledby="remove-connection-title"
      aria-describedby="remove-connection-body"
      elementToFocus="#remove-connection-cancel"
    >
      <ModalHeader title={t("remove.title")} titleIconVariant="warning" labelId="remove-connection-title" />
      <ModalBody id="remove-connection-body">
        {error && (
          <Alert variant="danger" isInline title={t("remove.errorTitle")} className="pf-v6-u-mb-md">
            {error.message}
            {error.detail && <div className="rc-detail">{error.detail}</div>}
          </Alert>
        )}
        {t("remove.body", { name: connection.name, url: connection.url })}
      </ModalBody>
      <ModalFooter>
        <Button variant="danger" data-testid="confirm-remove" onClick={remove} isLoading={removing} isDisabled={removing}>
          {t("remove.confirm")}
        </Button>
        <Button id="remove-connection-cancel" variant="link" onClick={onCancel} isDisabled={removing}>
          {t("remove.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
