import { useState } from "react";
import { Alert, Button, Form, FormGroup, FormSelect, FormSelectOption, Radio, TextInput } from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { TabProps } from "./AccessPage";
import { ClusterErrorAlert } from "./ClusterErrorAlert";

/**
 * Seed 001, 5.4.1: let the pods of one project pull the images of another, by granting
 * `system:image-puller` in the project holding the images to one service account (or all)
 * of the project that pulls.
 */
export function CrossProjectPullTab({ connectionId, project, projects, onSignIn }: TabProps) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [from, setFrom] = useState(projects.find((p) => p !== project) ?? project);
  const [who, setWho] = useState<"one" | "all">("one");
  const [account, setAccount] = useState("default");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const command =
    who === "one"
      ? `oc policy add-role-to-user system:image-puller system:serviceaccount:${from}:${account.trim()} -n ${project}`
      : `oc policy add-role-to-group system:image-puller system:serviceaccounts:${from} -n ${project}`;
  const submit = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const outcome = await withSignIn("reauth.what.crossPull", () =>
        commands.clusterCrossProjectPull(connectionId, from, project, who === "one" ? account.trim() : null),
      );
      setDone(t(outcome.created ? "access.cross.done" : "access.cross.already", { from, to: project, binding: outcome.binding }));
    } catch (reason) {
      setError(toUiError(reason));
    }
    setBusy(false);
  };
  return (
    <div className="rc-narrow">
      <p className="rc-intro">{t("access.cross.intro", { to: project })}</p>
      {error && <ClusterErrorAlert error={error} title="access.cross.failed" onSignIn={onSignIn} />}
      <Form onSubmit={(e) => (e.preventDefault(), void submit())}>
        <FormGroup label={t("access.cross.to")} fieldId="cross-to">
          <TextInput id="cross-to" value={project} readOnlyVariant="default" />
        </FormGroup>
        <FormGroup label={t("access.cross.from")} fieldId="cross-from" isRequired>
          <FormSelect id="cross-from" data-testid="cross-from" value={from} onChange={(_e, v) => setFrom(v)}>
            {projects.map((p) => (
              <FormSelectOption key={p} value={p} label={p} />
            ))}
          </FormSelect>
        </FormGroup>
        <FormGroup role="radiogroup" fieldId="cross-who" label={t("access.cross.who")} isStack>
          <Radio id="cross-one" data-testid="cross-one" name="cross-who" label={t("access.cross.one")} isChecked={who === "one"} onChange={() => setWho("one")} />
          {who === "one" && (
            <TextInput
              id="cross-account"
              data-testid="cross-account"
              aria-label={t("access.cross.account")}
              value={account}
              onChange={(_e, v) => setAccount(v)}
            />
          )}
          <Radio id="cross-all" data-testid="cross-all" name="cross-who" label={t("access.cross.all", { from })} isChecked={who === "all"} onChange={() => setWho("all")} />
        </FormGroup>
        <p className="rc-subtle">
          {t("access.grant.preview")} <code className="rc-mono" data-testid="cross-command">{command}</code>
        </p>
        <div>
          <Button type="submit" data-testid="cross-submit" isDisabled={busy || (who === "one" && !account.trim())} isLoading={busy}>
            {t("access.cross.submit")}
          </Button>
        </div>
      </Form>
      {done && <Alert isInline variant="success" className="rc-mt-md" title={done} data-testid="cross-done" />}
    </div>
  );
}
