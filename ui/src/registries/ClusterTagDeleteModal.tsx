import { Content } from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import { ConfirmModal } from "../components/ConfirmModal";
import { useT } from "../i18n/i18n";
import { ClusterErrorAlert } from "../access/ClusterErrorAlert";

export interface ClusterTagDeleteModalProps {
  /** The registry connection linked to a cluster. */
  connectionId: string;
  /** `<project>/<image stream>`. */
  repository: string;
  tag: string;
  onDeleted: (tags: readonly string[]) => void;
  onCancel: () => void;
}

/** `<project>/<stream>` of the integrated registry, or null for any other shape. */
export function projectAndStream(repository: string): { project: string; stream: string } | null {
  const parts = repository.split("/");
  return parts.length === 2 && parts[0] && parts[1] ? { project: parts[0], stream: parts[1] } : null;
}

/**
 * On the cluster's registry a tag is removed from its image stream through the image API, as
 * `oc tag -d` does: the registry's own manifest delete is not offered (it would leave the image
 * stream pointing at removed content; OpenShift removes images with `oc adm prune images`).
 */
export function ClusterTagDeleteModal({ connectionId, repository, tag, onDeleted, onCancel }: ClusterTagDeleteModalProps) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const parts = projectAndStream(repository);
  const command = parts ? `oc tag -d ${parts.stream}:${tag} -n ${parts.project}` : "";

  const run = async () => {
    if (!parts) return;
    await withSignIn("reauth.what.clusterRegistryDelete", () => commands.clusterRegistryDeleteTag(connectionId, repository, tag));
    onDeleted([tag]);
  };

  return (
    <ConfirmModal
      testId="cluster-tag-delete-modal"
      title={t("clusterRegistry.delete.title", { tag: `${repository}:${tag}` })}
      body={
        parts
          ? t("clusterRegistry.delete.body", { tag, stream: parts.stream, project: parts.project })
          : t("clusterRegistry.delete.notCluster", { repository })
      }
      confirm={t("clusterRegistry.delete.confirm")}
      confirmTestId="cluster-tag-delete-confirm"
      confirmDisabled={!parts}
      focusCancel
      variant="danger"
      size="medium"
      failed="clusterRegistry.delete.failed"
      errorAlert={ClusterErrorAlert}
      onCancel={onCancel}
      run={run}
    >
      {parts && (
        <Content>
          <pre className="rc-command" data-testid="cluster-tag-delete-command">
            {command}
          </pre>
          <p data-testid="cluster-tag-delete-why">{t("clusterRegistry.delete.why")}</p>
        </Content>
      )}
    </ConfirmModal>
  );
}
