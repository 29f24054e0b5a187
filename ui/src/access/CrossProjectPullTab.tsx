import { useState } from "react";
import { Alert, Button, Form, FormGroup, Radio, TextInput } from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { TabProps } from "./AccessPage";
import { ClusterErrorAlert } from "./ClusterErrorAlert";
import { shellQuote } from "../credentials/PullSecretImport";
import { ProjectPicker, ServiceAccountPicker } from "./Pickers";
import { SameAsLine } from "./SameAsLine";

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
  const [accountsSignal, setAccountsSignal] = useState(0);
  const source = from.trim();
  const command =
    who === "one"
      ? `oc policy add-role-to-user system:image-puller ${shellQuote(`system:serviceaccount:${source}:${account.trim()}`)} -n ${shellQuote(project)}`
      : `oc policy add-role-to-group system:image-puller ${shellQuote(`system:serviceaccounts:${source}`)} -n ${shellQuote(project)}`;
  const submit = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const outcome = await withSignIn("reauth.what.crossPull", () =>
        commands.clusterCrossProjectPull(connectionId, source, project, who === "one" ? account.trim() : null),
      );
      setDone(t(outcome.created ? "access.cross.done" : "access.cross.already", { from: source, to: project, binding: outcome.binding }));
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
          <ProjectPicker
            id="cross-from"
            testId="cross-from"
            ariaLabel={t("access.cross.from")}
            projects={projects}
            value={from}
            onChange={setFrom}
            onPicked={() => who === "one" && setAccountsSignal((n) => n + 1)}
          />
        </FormGroup>
        <FormGroup role="radiogroup" fieldId="cross-who" label={t("access.cross.who")} isStack>
          <Radio id="cross-one" data-testid="cross-one" name="cross-who" label={t("access.cross.one")} isChecked={who === "one"} onChange={() => setWho("one")} />
          {who === "one" && (
            <ServiceAccountPicker
              id="cross-account"
              testId="cross-account"
              ariaLabel={t("access.cross.account")}
              connectionId={connectionId}
              project={source}
              value={account}
              onChange={setAccount}
              openSignal={accountsSignal}
            />
          )}
          <Radio id="cross-all" data-testid="cross-all" name="cross-who" label={t("access.cross.all", { from: source })} isChecked={who === "all"} onChange={() => setWho("all")} />
        </FormGroup>
        <SameAsLine testId="cross-command" command={command} />
        <div>
          <Button type="submit" data-testid="cross-submit" isDisabled={busy || !source || (who === "one" && !account.trim())} isLoading={busy}>
            {t("access.cross.submit")}
          </Button>
        </div>
      </Form>
      {done && <Alert isInline variant="success" className="rc-mt-md" title={done} data-testid="cross-done" />}
    </div>
  );
}
