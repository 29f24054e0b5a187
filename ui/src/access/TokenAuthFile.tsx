import { useState } from "react";
import { Alert, Button, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, TextInput } from "@patternfly/react-core";
import type { AuthFileKind } from "../bindings/AuthFileKind";
import type { AuthFilePreview } from "../bindings/AuthFilePreview";
import type { AuthFileWritten } from "../bindings/AuthFileWritten";
import { commands } from "../bindings/commands";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { ClusterErrorAlert } from "./ClusterErrorAlert";
import type { Connection } from "../bindings/Connection";
import { RegistryHostPicker } from "./Pickers";

/** Where the host field's suggestions come from: the cluster's registry and the saved connections. */
export interface HostSuggestions {
  connectionId: string | null;
  project: string | null;
  connections: Connection[];
}

/**
 * Puts a freshly minted service-account token into Podman's auth.json or Docker's config.json
 * for a registry, so `podman pull` works as that service account. The token stays in this
 * dialog's memory; the backend merges one entry after the user saw what will change.
 */
export function TokenAuthFile({
  username,
  token,
  registry: initialRegistry,
  hosts,
}: {
  username: string;
  token: string;
  registry?: string;
  /** Offer these hosts to pick from (typing stays allowed); without it the host is typed. */
  hosts?: HostSuggestions;
}) {
  const t = useT();
  const [registry, setRegistry] = useState(initialRegistry ?? "");
  const [kind, setKind] = useState<AuthFileKind>("podman");
  const [preview, setPreview] = useState<AuthFilePreview | null>(null);
  const [written, setWritten] = useState<AuthFileWritten | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (reason) {
      setError(toUiError(reason));
    }
    setBusy(false);
  };
  const showPreview = () =>
    run(async () => {
      setWritten(null);
      setPreview(await commands.credentialsTokenAuthFilePreview(registry, username, token, kind));
    });
  const write = () =>
    run(async () => {
      setWritten(await commands.credentialsTokenAuthFileWrite(registry, username, token, kind));
      setPreview(null);
    });

  return (
    <div className="rc-token-file" data-testid="token-auth-file">
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void showPreview();
        }}
      >
        <FormGroup label={t("access.tokenFile.title")} fieldId="token-registry">
          <div className="rc-token-file-row">
            {hosts ? (
              <div className="rc-token-file-host">
                <RegistryHostPicker
                  id="token-registry"
                  testId="token-registry"
                  ariaLabel={t("access.tokenFile.registry")}
                  {...hosts}
                  externalOnly
                  value={registry}
                  onChange={(v) => {
                    setRegistry(v);
                    setPreview(null);
                  }}
                />
              </div>
            ) : (
              <TextInput
                id="token-registry"
                data-testid="token-registry"
                value={registry}
                placeholder="default-route-openshift-image-registry.apps.example.com"
                aria-label={t("access.tokenFile.registry")}
                onChange={(_e, v) => {
                  setRegistry(v);
                  setPreview(null);
                }}
              />
            )}
            <FormSelect
              id="token-auth-kind"
              data-testid="token-auth-kind"
              aria-label={t("access.tokenFile.kind")}
              value={kind}
              onChange={(_e, v) => {
                setKind(v as AuthFileKind);
                setPreview(null);
              }}
            >
              <FormSelectOption value="podman" label={t("access.tokenFile.podman")} />
              <FormSelectOption value="docker" label={t("access.tokenFile.docker")} />
            </FormSelect>
            <Button type="submit" variant="secondary" data-testid="token-file-preview" isDisabled={busy || !registry.trim()}>
              {t("access.tokenFile.preview")}
            </Button>
          </div>
          <FormHelperText>
            <HelperText>
              <HelperTextItem>{t("access.tokenFile.help", { user: username })}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      </Form>
      {error && <ClusterErrorAlert error={error} title="access.tokenFile.failed" />}
      {preview && (
        // The same confirmation as every page that writes an auth file (title, sentence, what
        // happens to the rest, the masked entry, Write), inline: this form is in a dialog
        // already, and a dialog never opens over another.
        <Alert
          isInline
          variant={preview.helper ? "warning" : "info"}
          data-testid="token-file-confirm"
          title={preview.helper ? t("access.tokenFile.helper", { helper: preview.helper }) : t("credentials.confirmTitle")}
          actionLinks={
            preview.helper ? undefined : (
              <Button variant="primary" size="sm" data-testid="token-file-write" isDisabled={busy} onClick={() => void write()}>
                {t("credentials.confirmWrite")}
              </Button>
            )
          }
        >
          {!preview.helper && (
            <>
              <p>
                {t.nodes(preview.change === "update" ? "credentials.confirmUpdate" : "credentials.confirmAdd", {
                  key: <code>{preview.key}</code>,
                  path: <span className="rc-path">{preview.path}</span>,
                })}
              </p>
              <p>{preview.exists ? t("credentials.confirmBackup") : t("credentials.confirmNew")}</p>
              <pre className="rc-secret rc-secret-code">{preview.entryMasked}</pre>
            </>
          )}
        </Alert>
      )}
      {written && (
        <Alert isInline isPlain variant="success" data-testid="token-file-written" title={t("access.tokenFile.written", { path: written.path })} />
      )}
    </div>
  );
}
