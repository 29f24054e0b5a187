import { useState } from "react";
import {
  Alert,
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextInput,
  Title,
  Tooltip,
} from "@patternfly/react-core";
import { MinusCircleIcon, PlusCircleIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import type { PullSecretRegistry } from "../bindings/PullSecretRegistry";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { TabProps } from "./AccessPage";
import { INTERNAL_REGISTRY, openshiftVersionOf } from "../connections/labels";
import { ClusterErrorAlert } from "./ClusterErrorAlert";
import { SecretValue } from "../components/SecretValue";
import { shellQuote } from "../credentials/PullSecretImport";
import { RegistryHostPicker, ServiceAccountPicker } from "./Pickers";
import { SameAsLine } from "./SameAsLine";


type Entry = { registry: string; username: string; password: string };

export function PullSecretsTab({ connectionId, project, connections, onSignIn }: TabProps) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [name, setName] = useState("registry-pull-secret");
  // The cluster's own registry as this cluster's OpenShift version names it.
  const internalRegistry = INTERNAL_REGISTRY[openshiftVersionOf(connections.find((c) => c.id === connectionId)) ?? "v4"];
  const [entries, setEntries] = useState<Entry[]>([{ registry: internalRegistry, username: "serviceaccount", password: "" }]);
  const [yaml, setYaml] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const wire = (): PullSecretRegistry[] => entries.map((e) => ({ ...e, email: null }));
  const edit = (i: number, patch: Partial<Entry>) => {
    setEntries(entries.map((e, j) => (j === i ? { ...e, ...patch } : e)));
    setYaml(null);
    setCreated(null);
  };
  const complete = name.trim() !== "" && entries.every((e) => e.registry.trim() && e.username.trim() && e.password);

  const generate = async () => {
    setError(null);
    try {
      setYaml(await commands.clusterPullSecretYaml(project, name, wire()));
    } catch (reason) {
      setError(toUiError(reason));
    }
  };
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await withSignIn("reauth.what.pullSecret", () => commands.clusterCreatePullSecret(connectionId, project, name, wire()));
      setCreated(name.trim());
    } catch (reason) {
      setError(toUiError(reason));
    }
    setBusy(false);
  };

  return (
    <div className="rc-narrow">
      <p className="rc-intro">{t("access.pull.intro")}</p>
      {error && <ClusterErrorAlert error={error} title="access.pull.failed" onSignIn={onSignIn} />}
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void generate();
        }}
      >
        <FormGroup label={t("access.pull.name")} fieldId="pull-name" isRequired>
          <TextInput id="pull-name" data-testid="pull-name" value={name} onChange={(_e, v) => (setName(v), setYaml(null), setCreated(null))} />
        </FormGroup>
        {entries.map((e, i) => (
          <div className="rc-pull-entry" key={i} data-testid="pull-entry">
            <FormGroup label={t("access.pull.registry")} fieldId={`pull-registry-${i}`} isRequired>
              <RegistryHostPicker
                id={`pull-registry-${i}`}
                testId={`pull-registry-${i}`}
                ariaLabel={t("access.pull.registry")}
                connectionId={connectionId}
                project={project}
                connections={connections}
                value={e.registry}
                onChange={(v) => edit(i, { registry: v })}
              />
            </FormGroup>
            <FormGroup label={t("access.pull.username")} fieldId={`pull-username-${i}`} isRequired>
              <TextInput
                id={`pull-username-${i}`}
                data-testid={`pull-username-${i}`}
                value={e.username}
                validated={e.username.includes(":") ? "error" : "default"}
                onChange={(_e, v) => edit(i, { username: v })}
              />
              {e.username.includes(":") && (
                <FormHelperText>
                  <HelperText>
                    <HelperTextItem variant="error">{t("access.pull.colon")}</HelperTextItem>
                  </HelperText>
                </FormHelperText>
              )}
            </FormGroup>
            <FormGroup label={t("access.pull.password")} fieldId={`pull-password-${i}`} isRequired>
              <TextInput
                id={`pull-password-${i}`}
                data-testid={`pull-password-${i}`}
                type="password"
                autoComplete="off"
                value={e.password}
                onChange={(_e, v) => edit(i, { password: v })}
              />
            </FormGroup>
            {entries.length > 1 && (
              <Tooltip content={t("access.pull.removeEntry")}>
                <Button
                  variant="plain"
                  aria-label={t("access.pull.removeEntry")}
                  icon={<MinusCircleIcon />}
                  onClick={() => setEntries(entries.filter((_, j) => j !== i))}
                />
              </Tooltip>
            )}
          </div>
        ))}
        <div>
          <Button
            variant="link"
            icon={<PlusCircleIcon />}
            data-testid="pull-add-entry"
            onClick={() => setEntries([...entries, { registry: "", username: "", password: "" }])}
          >
            {t("access.pull.addEntry")}
          </Button>
          <div className="rc-subtle rc-small">{t("access.pull.delegated")}</div>
        </div>
        <div className="rc-actions">
          <Button type="submit" variant="secondary" data-testid="pull-generate" isDisabled={!complete}>
            {t("access.pull.generate")}
          </Button>
          <Button data-testid="pull-create" isDisabled={!complete || busy} isLoading={busy} onClick={() => void create()}>
            {t("access.pull.create", { project })}
          </Button>
        </div>
      </Form>
      {yaml && (
        <div className="rc-mt-md">
          <Title headingLevel="h3" size="md">
            {t("access.pull.yaml")}
          </Title>
          <SecretValue source={{ value: yaml }} label={t("access.pull.yaml")} testId="pull-yaml" multiline />
        </div>
      )}
      {created && (
        <>
          <Alert isInline variant="success" className="rc-mt-md" title={t("access.pull.created", { name: created, project })} data-testid="pull-created" />
          <LinkSecret connectionId={connectionId} project={project} secret={created} onSignIn={onSignIn} />
        </>
      )}
    </div>
  );
}

/** Links the pull secret to a service account for pull and/or mount (`oc secrets link`). */
function LinkSecret({ connectionId, project, secret, onSignIn }: { connectionId: string; project: string; secret: string; onSignIn: () => void }) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [account, setAccount] = useState("default");
  const [pull, setPull] = useState(true);
  const [mount, setMount] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [linked, setLinked] = useState<string | null>(null);
  const link = async () => {
    setError(null);
    try {
      const sa = await withSignIn("reauth.what.linkSecret", () =>
        commands.clusterLinkSecret(connectionId, project, account.trim(), secret, { pull, mount }),
      );
      setLinked(sa.name);
    } catch (reason) {
      setError(toUiError(reason));
    }
  };
  return (
    <Form className="rc-mt-md" onSubmit={(e) => (e.preventDefault(), void link())}>
      <Title headingLevel="h3" size="md">
        {t("access.link.title", { secret })}
      </Title>
      {error && <ClusterErrorAlert error={error} title="access.link.failed" onSignIn={onSignIn} />}
      <FormGroup label={t("access.link.account")} fieldId="link-account">
        <ServiceAccountPicker
          id="link-account"
          testId="link-account"
          ariaLabel={t("access.link.account")}
          connectionId={connectionId}
          project={project}
          value={account}
          onChange={setAccount}
        />
      </FormGroup>
      <FormGroup fieldId="link-for" label={t("access.link.for")} isInline>
        <Checkbox id="link-pull" data-testid="link-pull" label={t("access.link.pull")} isChecked={pull} onChange={(_e, v) => setPull(v)} />
        <Checkbox id="link-mount" data-testid="link-mount" label={t("access.link.mount")} isChecked={mount} onChange={(_e, v) => setMount(v)} />
      </FormGroup>
      {account.trim() && (pull || mount) && (
        <SameAsLine
          testId="link-command"
          command={`oc secrets link ${shellQuote(account.trim())} ${shellQuote(secret)} --for=${[pull && "pull", mount && "mount"].filter(Boolean).join(",")} -n ${shellQuote(project)}`}
        />
      )}
      <div>
        <Button type="submit" variant="secondary" data-testid="link-submit" isDisabled={(!pull && !mount) || !account.trim()}>
          {t("access.link.submit")}
        </Button>
      </div>
      {linked && <Alert isInline variant="success" title={t("access.link.done", { secret, account: linked })} data-testid="link-done" />}
    </Form>
  );
}
