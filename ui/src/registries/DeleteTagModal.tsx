import { Content, Label, LabelGroup, Spinner } from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import type { UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { ConfirmModal } from "../components/ConfirmModal";
import { RegistryErrorAlert } from "./RegistryErrorAlert";
import { useLoad } from "../hooks/useLoad";

export interface DeleteTagModalProps {
  connectionId: string;
  repository: string;
  tag: string;
  onSignIn: () => void;
  /** Called with every tag that went with the manifest. */
  onDeleted: (tags: readonly string[]) => void;
  onCancel: () => void;
}

/** The kit's confirm dialog shows a refusal in the registry's words, with its sign-in link. */
function DeleteRefused({ error, title, onSignIn }: { error: UiError; title: MessageKey; onSignIn?: () => void }) {
  return <RegistryErrorAlert error={error} fallbackTitle={title} onSignIn={onSignIn} />;
}

/**
 * Deleting a tag in a Docker Registry v2 / OCI registry deletes its manifest by digest, and
 * with it every tag pointing there. The plan names them all before the one confirmation.
 */
export function DeleteTagModal({ connectionId, repository, tag, onSignIn, onDeleted, onCancel }: DeleteTagModalProps) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [planLoad, retryPlan] = useLoad(
    () => withSignIn("reauth.what.deletePlan", () => commands.registryDeletePlan(connectionId, repository, tag)),
    [connectionId, repository, tag, withSignIn],
  );
  const plan = planLoad.status === "ready" ? planLoad.value : null;
  const planError = planLoad.status === "failed" ? planLoad.error : null;
  const others = plan ? plan.tags.filter((x) => x !== tag) : [];

  const run = async () => {
    if (!plan) return;
    await withSignIn("reauth.what.delete", () => commands.registryDelete(connectionId, repository, plan.digest));
    onDeleted(plan.tags);
  };

  return (
    <ConfirmModal
      testId="delete-confirm-modal"
      title={t("delete.title", { tag: `${repository}:${tag}` })}
      body={
        plan ? (
          t.nodes("delete.manifest", { digest: <code className="rc-path" data-testid="delete-digest">{plan.digest}</code> })
        ) : planError ? (
          t("delete.planFailed")
        ) : (
          <>
            <Spinner size="sm" aria-label={t("delete.planning")} /> {t("delete.planning")}
          </>
        )
      }
      confirm={plan && plan.tags.length > 1 ? t("delete.confirmMany", { count: plan.tags.length }) : t("delete.confirm")}
      confirmTestId="confirm-delete"
      confirmDisabled={!plan}
      // A registry that refuses deletes will refuse the next try too.
      refusalIsFinal={(error) => error.code === "deleteDisabled"}
      focusCancel
      variant="danger"
      size="medium"
      failed="delete.failed"
      errorAlert={DeleteRefused}
      onSignIn={onSignIn}
      onCancel={onCancel}
      run={run}
    >
      {planError && <RegistryErrorAlert error={planError} fallbackTitle="delete.planFailed" onSignIn={onSignIn} onRetry={retryPlan} />}
      {plan && (
        <>
          <Content>
            <p>{others.length > 0 ? t("delete.tagsGo", { count: plan.tags.length }) : t("delete.onlyTag")}</p>
          </Content>
          <LabelGroup numLabels={50} data-testid="delete-plan-tags">
            {plan.tags.map((x) => (
              <Label key={x} color={x === tag ? "red" : "orange"} data-testid="delete-plan-tag" data-tag={x} className="rc-mono">
                {x}
              </Label>
            ))}
          </LabelGroup>
          <Content>
            <p>{t("delete.garbageCollection")}</p>
          </Content>
        </>
      )}
    </ConfirmModal>
  );
}
