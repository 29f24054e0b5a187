import { useState, type FormEvent } from "react";
import {
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Radio,
  TextInput,
} from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { ConnectionDraft } from "../bindings/ConnectionDraft";
import type { ConnectionKind } from "../bindings/ConnectionKind";
import type { OpenshiftVersion } from "../bindings/OpenshiftVersion";
import { toUiError, type UiError } from "../errors";
import { ErrorBody } from "../components/ErrorAlert";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { KIND_LABEL, KINDS, OPENSHIFT_VERSION_LABEL, OPENSHIFT_VERSIONS, URL_PLACEHOLDER } from "./labels";
import { ConnectionPresets } from "./presets";
import { OpenFileButton } from "../components/OpenFileButton";
import { CERT_FILE_FILTERS } from "../certificates/files";

type TlsChoice = "system" | "caBundle" | "insecure";

/** What the form holds. The CA path is kept while another TLS choice is selected, so nothing typed is lost. */
export interface FormValues {
  name: string;
  kind: ConnectionKind;
  url: string;
  tls: TlsChoice;
  caPath: string;
  /** For an OpenShift connection: 3.x or 4.x (kept while another kind is selected). */
  openshiftVersion: OpenshiftVersion;
}

export function valuesFrom(connection?: Connection): FormValues {
  if (!connection) return { name: "", kind: "registry", url: "", tls: "system", caPath: "", openshiftVersion: "v4" };
  return {
    name: connection.name,
    kind: connection.kind,
    url: connection.url,
    tls: connection.tls.mode,
    caPath: connection.tls.mode === "caBundle" ? connection.tls.path : "",
    openshiftVersion: connection.openshiftVersion ?? "v4",
  };
}

export function draftFrom(values: FormValues): ConnectionDraft {
  const tls: ConnectionDraft["tls"] =
    values.tls === "caBundle" ? { mode: "caBundle", path: values.caPath.trim() } : { mode: values.tls };
  const draft: ConnectionDraft = { name: values.name.trim(), kind: values.kind, url: values.url.trim(), tls };
  if (values.kind === "openshift") draft.openshiftVersion = values.openshiftVersion;
  return draft;
}

/**
 * The origin (scheme, host, port) of a URL as the backend keeps it (a URL without a scheme
 * gets https://; the scheme's default port is left out), or null when it is not a URL.
 */
export function originOf(url: string): string | null {
  const typed = url.trim();
  try {
    return new URL(typed.includes("://") ? typed : `https://${typed}`).origin;
  } catch {
    return null;
  }
}

/**
 * Where the connection's saved sign-in was given (its origin now) when the draft would point
 * it elsewhere: another origin or another TLS mode. The backend forgets the sign-in on such a
 * save, so the form asks first. Null when the draft keeps both, or its URL is unusable (the
 * backend refuses it anyway).
 */
export function signInGivenTo(connection: Connection, draft: ConnectionDraft): string | null {
  const before = originOf(connection.url);
  const after = originOf(draft.url);
  if (!before || !after) return null;
  const sameTls =
    connection.tls.mode === draft.tls.mode &&
    (connection.tls.mode !== "caBundle" || (draft.tls.mode === "caBundle" && draft.tls.path === connection.tls.path));
  return before === after && sameTls ? null : before;
}

/** Whether the connection holds a saved sign-in (registry credentials or an OAuth session). */
async function hasSavedSignIn(connection: Connection): Promise<boolean> {
  const lookups = [commands.registrySignedIn(connection.id), commands.authStatus(connection.id)];
  const found = await Promise.allSettled(lookups);
  // A sign-in that cannot be read now may still be in the keyring: ask rather than assume.
  return found.some((r) => r.status === "rejected" || r.value !== null);
}

type Field = "name" | "url" | "caBundle";

/** The error codes that belong to one field; everything else is shown at the top of the form. */
const FIELD_OF_CODE: Partial<Record<UiError["code"], Field>> = {
  invalidName: "name",
  invalidUrl: "url",
  invalidCaBundle: "caBundle",
};

/** The field whose error an edit of each value makes stale (the kind changes URL rules). */
const FIELD_OF_VALUE: Partial<Record<keyof FormValues, Field>> = {
  name: "name",
  kind: "url",
  url: "url",
  tls: "caBundle",
  caPath: "caBundle",
};

export interface ConnectionFormModalProps {
  /** The connection to edit; absent to add a new one. */
  connection?: Connection;
  onSaved: (saved: Connection) => void;
  onCancel: () => void;
}

export function ConnectionFormModal({ connection, onSaved, onCancel }: ConnectionFormModalProps) {
  const t = useT();
  const [values, setValues] = useState<FormValues>(() => valuesFrom(connection));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  /** Set once the user was told the saved sign-in goes with this save: the origin it was given to. */
  const [forgetting, setForgetting] = useState<string | null>(null);

  const errorField = error ? FIELD_OF_CODE[error.code] : undefined;
  const fieldError = (field: Field) => (errorField === field ? error : null);
  const formError = error && !errorField ? error : null;

  const update = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // The warning was about the values it was shown for.
    setForgetting(null);
    // An error under a field is about what was typed there: editing it retires the error.
    if (errorField && FIELD_OF_VALUE[key] === errorField) setError(null);
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    setSaving(true);
    setError(null);
    try {
      const draft = draftFrom(values);
      const givenTo = connection ? signInGivenTo(connection, draft) : null;
      if (connection && givenTo && forgetting !== givenTo && (await hasSavedSignIn(connection))) {
        setForgetting(givenTo);
        setSaving(false);
        return;
      }
      const saved = connection
        ? await commands.connectionUpdate(connection.id, draft)
        : await commands.connectionAdd(draft);
      onSaved(saved);
    } catch (reason) {
      setError(toUiError(reason));
      setSaving(false);
    }
  };

  const title = connection ? t("form.editTitle", { name: connection.name }) : t("form.addTitle");

  return (
    <Modal
      isOpen
      variant="medium"
      onClose={saving ? undefined : onCancel}
      aria-labelledby="connection-form-title"
    >
      <ModalHeader title={title} labelId="connection-form-title" />
      <ModalBody>
        <Form id="connection-form" onSubmit={submit} noValidate>
          {forgetting && connection && (
            <Alert variant="warning" isInline data-testid="forget-sign-in-warning" title={t("form.forgetSignInTitle")}>
              {t("form.forgetSignIn", { name: connection.name, origin: forgetting })}
            </Alert>
          )}
          {formError && (
            <Alert variant="danger" isInline data-testid="form-error" title={t("form.errorTitle")}>
              <ErrorBody error={formError} />
            </Alert>
          )}

          {!connection && (
            <ConnectionPresets
              onPick={(preset) => {
                setValues((v) => ({ ...v, ...preset }));
                setForgetting(null);
                setError(null);
              }}
            />
          )}

          <FormGroup label={t("form.name")} isRequired fieldId="connection-name">
            <TextInput
              id="connection-name"
              isRequired
              value={values.name}
              onChange={(_e, v) => update("name", v)}
              validated={fieldError("name") ? "error" : "default"}
              autoFocus
            />
            <FieldHelper error={fieldError("name")} testId="error-name" hint="form.nameHelper" lead="form.nameError" />
          </FormGroup>

          <FormGroup label={t("form.kind")} isRequired fieldId="connection-kind">
            <FormSelect
              id="connection-kind"
              value={values.kind}
              onChange={(_e, v) => update("kind", v as ConnectionKind)}
            >
              {KINDS.map((k) => (
                <FormSelectOption key={k} value={k} label={t(KIND_LABEL[k])} />
              ))}
            </FormSelect>
          </FormGroup>

          {values.kind === "openshift" && (
            <FormGroup role="radiogroup" isInline label={t("form.platform")} fieldId="connection-platform" data-testid="connection-platform">
              {OPENSHIFT_VERSIONS.map((v) => (
                <Radio
                  key={v}
                  id={`platform-${v}`}
                  name="connection-platform"
                  label={t(OPENSHIFT_VERSION_LABEL[v])}
                  isChecked={values.openshiftVersion === v}
                  onChange={() => update("openshiftVersion", v)}
                />
              ))}
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>{t("form.platformHelper")}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
          )}

          <FormGroup label={t("form.url")} isRequired fieldId="connection-url">
            <TextInput
              id="connection-url"
              type="url"
              isRequired
              value={values.url}
              placeholder={t(URL_PLACEHOLDER[values.kind])}
              onChange={(_e, v) => update("url", v)}
              validated={fieldError("url") ? "error" : "default"}
            />
            <FieldHelper error={fieldError("url")} testId="error-url" hint="form.urlHelper" lead="form.urlError" />
          </FormGroup>

          <FormGroup role="radiogroup" isStack label={t("form.tls")} fieldId="connection-tls">
            <Radio
              id="tls-system"
              name="connection-tls"
              label={t("form.tlsSystem")}
              description={t("form.tlsSystemDescription")}
              isChecked={values.tls === "system"}
              onChange={() => update("tls", "system")}
            />
            <Radio
              id="tls-ca-bundle"
              name="connection-tls"
              label={t("form.tlsCaBundle")}
              description={t("form.tlsCaBundleDescription")}
              isChecked={values.tls === "caBundle"}
              onChange={() => update("tls", "caBundle")}
              body={
                values.tls === "caBundle" && (
                  <FormGroup className="rc-radio-body" label={t("form.caPath")} isRequired fieldId="connection-ca-path">
                    <div className="rc-save-row">
                      <TextInput
                        id="connection-ca-path"
                        isRequired
                        value={values.caPath}
                        placeholder={t("form.caPathPlaceholder")}
                        onChange={(_e, v) => update("caPath", v)}
                        validated={fieldError("caBundle") ? "error" : "default"}
                      />
                      <OpenFileButton
                        testId="connection-ca-browse"
                        label={t("desktop.browse")}
                        title={t("form.caPath")}
                        filters={CERT_FILE_FILTERS}
                        variant="tertiary"
                        onPaths={([picked]) => picked && update("caPath", picked)}
                      />
                    </div>
                    <FieldHelper error={fieldError("caBundle")} testId="error-ca-bundle" hint="form.caPathHelper" lead="form.caBundleError" />
                  </FormGroup>
                )
              }
            />
            <Radio
              id="tls-insecure"
              name="connection-tls"
              label={t("form.tlsInsecure")}
              description={t("form.tlsInsecureDescription")}
              isChecked={values.tls === "insecure"}
              onChange={() => update("tls", "insecure")}
              body={
                values.tls === "insecure" && (
                  <Alert className="rc-radio-body" variant="warning" isInline isPlain title={t("form.insecureWarningTitle")}>
                    {t("form.insecureWarningBody")}
                  </Alert>
                )
              }
            />
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          type="submit"
          form="connection-form"
          data-testid="connection-save"
          isLoading={saving}
          isDisabled={saving}
        >
          {t("form.save")}
        </Button>
        <Button variant="link" data-testid="connection-cancel" onClick={onCancel} isDisabled={saving}>
          {t("form.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/** The hint under a field, replaced by the backend's own words when that field was refused. */
function FieldHelper({
  error,
  testId,
  hint,
  lead,
}: {
  error: UiError | null;
  testId: string;
  hint: MessageKey;
  /** One localized sentence; the backend's exact message follows it. */
  lead: MessageKey;
}) {
  const t = useT();
  return (
    <FormHelperText>
      <HelperText>
        {error ? (
          <HelperTextItem variant="error" data-testid={testId} screenReaderText={t("form.fieldError")}>
            {t(lead)} {error.message}
            {error.detail && <span className="rc-detail">{error.detail}</span>}
          </HelperTextItem>
        ) : (
          <HelperTextItem>{t(hint)}</HelperTextItem>
        )}
      </HelperText>
    </FormHelperText>
  );
}
