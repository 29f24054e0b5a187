import { useState, type FormEvent, type ReactNode } from "react";
import { Button, Checkbox, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, TextInput } from "@patternfly/react-core";
import type { PullSecret } from "../bindings/PullSecret";
import type { PullSecretRequest } from "../bindings/PullSecretRequest";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { SecretValue } from "./SecretValue";

export interface PullSecretFormProps {
  /** Prefix of every id and test id: `<p>-name`, `<p>-namespace`, `<p>-delegated`, `<p>-auth-server`, `<p>-generate`, `<p>-yaml`. */
  idPrefix: string;
  defaultName: string;
  /** The registry key whose sign-in may be delegated to a token host (an extra entry); without it, no such choice. */
  delegatedFor?: string;
  /** The backend call that makes the secret (the registry's stored sign-in, a Quay robot's token). */
  generate: (request: PullSecretRequest) => Promise<PullSecret>;
  /** The YAML's label, for the reveal and copy buttons. */
  yamlLabel: string;
  /** How a refusal is shown: each area words its errors. */
  renderError: (error: UiError) => ReactNode;
}

/**
 * The one pull-secret form: secret name, namespace (empty: the current project), optionally a
 * delegated token host, then the `kubernetes.io/dockerconfigjson` Secret as YAML, masked until
 * revealed and copied through the backend. The credentials page and a Quay robot use it.
 */
export function PullSecretForm({ idPrefix, defaultName, delegatedFor, generate, yamlLabel, renderError }: PullSecretFormProps) {
  const t = useT();
  const [name, setName] = useState(defaultName);
  const [namespace, setNamespace] = useState("");
  const [delegated, setDelegated] = useState(false);
  const [authServer, setAuthServer] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ secret: PullSecret } | { error: UiError } | null>(null);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    try {
      const secret = await generate({
        name: name.trim(),
        namespace: namespace.trim(),
        authServer: delegatedFor !== undefined && delegated && authServer.trim() ? authServer.trim() : null,
      });
      setResult({ secret });
    } catch (reason) {
      setResult({ error: toUiError(reason) });
    }
    setBusy(false);
  };

  return (
    <div className="rc-stack">
      <Form id={`${idPrefix}-form`} onSubmit={submit} noValidate>
        <FormGroup label={t("credentials.secretName")} isRequired fieldId={`${idPrefix}-name`}>
          <TextInput id={`${idPrefix}-name`} isRequired value={name} onChange={(_e, v) => setName(v)} />
        </FormGroup>
        <FormGroup label={t("credentials.namespace")} fieldId={`${idPrefix}-namespace`}>
          <TextInput id={`${idPrefix}-namespace`} value={namespace} placeholder="project-a" onChange={(_e, v) => setNamespace(v)} />
          <FormHelperText>
            <HelperText>
              <HelperTextItem>{t("credentials.namespaceHelp")}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
        {delegatedFor !== undefined && (
          <FormGroup fieldId={`${idPrefix}-delegated`}>
            <Checkbox
              id={`${idPrefix}-delegated`}
              label={t("credentials.delegated")}
              description={t("credentials.delegatedHelp", { key: delegatedFor })}
              isChecked={delegated}
              onChange={(_e, v) => setDelegated(v)}
            />
            {delegated && (
              <TextInput
                id={`${idPrefix}-auth-server`}
                className="rc-radio-body"
                aria-label={t("credentials.authServer")}
                placeholder="auth.example.com"
                value={authServer}
                onChange={(_e, v) => setAuthServer(v)}
              />
            )}
          </FormGroup>
        )}
        <div>
          <Button type="submit" variant="secondary" data-testid={`${idPrefix}-generate`} isLoading={busy} isDisabled={busy || !name.trim()}>
            {t("credentials.generate")}
          </Button>
        </div>
      </Form>
      {result && "error" in result && renderError(result.error)}
      {result && "secret" in result && (
        <div className="rc-stack-sm">
          <SecretValue source={{ value: result.secret.yaml }} masked={result.secret.yamlMasked} multiline label={yamlLabel} testId={`${idPrefix}-yaml`} />
          <HelperText>
            <HelperTextItem>{t("credentials.pullSecretHelp")}</HelperTextItem>
          </HelperText>
        </div>
      )}
    </div>
  );
}
