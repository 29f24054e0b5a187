import { Content } from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import { ConfirmModal } from "../components/ConfirmModal";
import { toUiError } from "../errors";
import { useT } from "../i18n/i18n";

export interface RemoveConnectionModalProps {
  connection: Connection;
  /** The registry connections linked to it ("Open the cluster's registry"): they get unlinked. */
  linked?: Connection[];
  /** Called after the connection is gone (removed now, or already removed elsewhere). */
  onDone: () => void;
  onCancel: () => void;
}

export function RemoveConnectionModal({ connection, linked = [], onDone, onCancel }: RemoveConnectionModalProps) {
  const t = useT();
  return (
    <ConfirmModal
      testId="remove-connection-modal"
      confirmTestId="confirm-remove"
      variant="danger"
      focusCancel
      title={t("remove.title")}
      body={t("remove.body", { name: connection.name, url: connection.url })}
      confirm={t("remove.confirm")}
      cancel={t("remove.cancel")}
      failed="remove.errorTitle"
      onCancel={onCancel}
      run={async () => {
        try {
          await commands.connectionRemove(connection.id);
        } catch (reason) {
          // Already gone: the list is stale, so refreshing it is the whole answer.
          if (toUiError(reason).code !== "notFound") throw reason;
        }
        onDone();
      }}
    >
      {linked.length > 0 && (
        <div data-testid="remove-unlinks">
          {t("clusterRegistry.remove.unlinks")}
          <Content component="ul" className="pf-v6-u-mt-xs">
            {linked.map((c) => (
              <Content component="li" key={c.id} data-testid="remove-unlinks-item">
                <strong>{c.name}</strong> <span className="rc-subtle">{c.url}</span>
              </Content>
            ))}
          </Content>
        </div>
      )}
    </ConfirmModal>
  );
}
