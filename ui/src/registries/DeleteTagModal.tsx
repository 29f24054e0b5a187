import { useEffect, useState } from "react";
import {
  Button,
  Content,
  Label,
  LabelGroup,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Spinner,
} from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import type { DeletePlan } from "../bindings/DeletePlan";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { RegistryErrorAlert } from "./RegistryErrorAlert";

export interface DeleteTagModalProps {
  connectionId: string;
  repository: string;
  tag: string;
  onSignIn: () => void;
  /** Called with every tag that went with the manifest. */
  onDeleted: (tags: readonly string[]) => void;
  onCancel: () => void;
}

/**
 * Deleting a tag in a Docker Registry v2 / OCI registry deletes its manifest by digest, and
 * with it every tag pointing there. The plan names them all before the one confirmation.
 */
export function DeleteTagModal({ connectionId, repository, tag, onSignIn, onDeleted, onCancel }: DeleteTagModalProps) {
  const t = useT();
  const [plan, setPlan] = useState<DeletePlan | null>(null);
  const [planError, setPlanError] = useState<UiError | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const withSignIn = useWithSignIn(connectionId);

  useEffect(() => {
    let stale = false;
    setPlanError(null);
    withSignIn("reauth.what.deletePlan", () => commands.registryDeletePlan(connectionId, repository, tag)).then(
      (p) => !stale && setPlan(p),
      (reason: unknown) => !stale && setPlanError(toUiError(reason)),
    );
    return () => {
      stale = true;
    };
  }, [connectionId, repository, tag, attempt, withSignIn]);

  const confirm = async () => {
    if (!plan || deleting) return;
    setDeleting(true);
    setError(null);
    try {
      await withSignIn("reauth.what.delete", () => commands.registryDelete(connectionId, repository, plan.digest));
      onDeleted(plan.tags);
    } catch (reason) {
      setError(toUiError(reason));
      setDeleting(false);
    }
  };

  const others = plan ? plan.tags.filter((x) => x !== tag) : [];
  // A registry that refuses deletes will refuse the next try too.
  const blocked = error?.code === "deleteDisabled";

  return (
    <Modal
      isOpen
      variant="medium"
      onClose={deleting ? undefined : onCancel}
      aria-labelledby="delete-tag-title"
      data-testid="delete-confirm-modal"
      elementToFocus="#delete-tag-cancel"
    >
      <ModalHeader
        title={t("delete.title", { tag: `${repository}:${tag}` })}
        titleIconVariant="warning"
        labelId="delete-tag-title"
      />
      <ModalBody>
        {planError && (
          <RegistryErrorAlert
            error={planError}
            fallbackTitle="delete.planFailed"
            onSignIn={onSignIn}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        )}
        {!plan && !planError && (
          <div className="rc-inline-status">
            <Spinner size="md" aria-label={t("delete.planning")} /> {t("delete.planning")}
          </div>
        )}
        {plan && (
          <Content>
            <p>{t.nodes("delete.manifest", { digest: <code className="rc-path" data-testid="delete-digest">{plan.digest}</code> })}</p>
            <p>{others.length > 0 ? t("delete.tagsGo", { count: plan.tags.length }) : t("delete.onlyTag")}</p>
          </Content>
        )}
        {plan && (
          <LabelGroup numLabels={50} data-testid="delete-plan-tags" className="pf-v6-u-my-md">
            {plan.tags.map((x) => (
              <Label key={x} color={x === tag ? "red" : "orange"} data-testid="delete-plan-tag" data-tag={x} className="rc-mono">
                {x}
              </Label>
            ))}
          </LabelGroup>
        )}
        {plan && (
          <Content>
            <p>{t("delete.garbageCollection")}</p>
          </Content>
        )}
        {error && (
          <RegistryErrorAlert error={error} fallbackTitle="delete.failed" onSignIn={onSignIn} className="pf-v6-u-mt-md" />
        )}
      </ModalBody>
      <ModalFooter>
        <Button
          variant="danger"
          data-testid="confirm-delete"
          onClick={confirm}
          isLoading={deleting}
          isDisabled={!plan || deleting || blocked}
        >
          {plan && plan.tags.length > 1 ? t("delete.confirmMany", { count: plan.tags.length }) : t("delete.confirm")}
        </Button>
        {/* aria-disabled, not disabled, while deleting: the dialog keeps one focusable control.
            A registry sign-in dialog can open over this one mid-delete; when it closes, the
            focus trap of this dialog resumes and throws (blanking the window) if nothing in it
            can take focus. */}
        <Button id="delete-tag-cancel" variant="link" onClick={onCancel} isAriaDisabled={deleting}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
