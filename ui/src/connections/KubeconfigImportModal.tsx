import { useEffect, useState, type FormEvent } from "react";
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  InputGroup,
  InputGroupItem,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Spinner,
  TextInput,
  Title,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { CheckCircleIcon, ExclamationTriangleIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { KubeconfigImported } from "../bindings/KubeconfigImported";
import type { KubeconfigListing } from "../bindings/KubeconfigListing";
import type { KubeContext } from "../bindings/KubeContext";
import type { KubeCredential } from "../bindings/KubeCredential";
import type { KubeProblem } from "../bindings/KubeProblem";
import type { KubeTls } from "../bindings/KubeTls";
import type { SignInStatus } from "../bindings/SignInStatus";
import { toUiError, type UiError } from "../errors";
import { ErrorBody, ErrorDetails } from "../components/ErrorAlert";
import { useT, type Translate } from "../i18n/i18n";
import { OpenFileButton } from "../components/OpenFileButton";

export interface KubeconfigImportModalProps {
  /** A connection was saved (and maybe signed in): the page reloads its list. */
  onImported: (connection: Connection, status: SignInStatus | null) => void;
  onClose: () => void;
}

/** The credential's label and whether this app can sign in with it. */
export function credentialLabel(t: Translate, credential: KubeCredential): string {
  switch (credential.kind) {
    case "token":
      return t("kubeconfig.cred.token");
    case "tokenFile":
      return t("kubeconfig.cred.tokenFile");
    case "tokenFileUnreadable":
      return t("kubeconfig.cred.tokenFileUnreadable");
    case "clientCertificate":
      return t("kubeconfig.cred.clientCertificate");
    case "exec":
      return t("kubeconfig.cred.exec");
    case "authProvider":
      return t("kubeconfig.cred.authProvider");
    case "basicAuth":
      return t("kubeconfig.cred.basicAuth");
    case "none":
      return t("kubeconfig.cred.none");
  }
}

function credentialHelp(t: Translate, credential: KubeCredential): string {
  switch (credential.kind) {
    case "token":
      return t("kubeconfig.credHelp.token");
    case "tokenFile":
      return t("kubeconfig.credHelp.tokenFile", { path: credential.path });
    case "tokenFileUnreadable":
      return t("kubeconfig.credHelp.tokenFileUnreadable", { path: credential.path, reason: credential.reason });
    case "clientCertificate":
      return t("kubeconfig.credHelp.clientCertificate");
    case "exec":
      return t("kubeconfig.credHelp.exec", { command: credential.command });
    case "authProvider":
      return t("kubeconfig.credHelp.authProvider", { name: credential.name });
    case "basicAuth":
      return t("kubeconfig.credHelp.basicAuth");
    case "none":
      return t("kubeconfig.credHelp.none");
  }
}

function tlsLabel(t: Translate, tls: KubeTls): string {
  switch (tls.mode) {
    case "system":
      return t("kubeconfig.tls.system");
    case "caFile":
      return t("kubeconfig.tls.caFile");
    case "caData":
      return t("kubeconfig.tls.caData", { count: tls.certificates });
    case "insecure":
      return t("kubeconfig.tls.insecure");
  }
}

function tlsHelp(t: Translate, tls: KubeTls): string {
  switch (tls.mode) {
    case "system":
      return t("kubeconfig.tlsHelp.system");
    case "caFile":
      return t("kubeconfig.tlsHelp.caFile", { path: tls.path });
    case "caData":
      return t("kubeconfig.tlsHelp.caData", { count: tls.certificates });
    case "insecure":
      return t("kubeconfig.tlsHelp.insecure");
  }
}

export function problemText(t: Translate, problem: KubeProblem): string {
  switch (problem.kind) {
    case "missingCluster":
      return t("kubeconfig.problem.missingCluster", { cluster: problem.cluster });
    case "missingUser":
      return t("kubeconfig.problem.missingUser", { user: problem.user });
    case "noServer":
      return t("kubeconfig.problem.noServer", { cluster: problem.cluster });
    case "badCaData":
      return t("kubeconfig.problem.badCaData", { cluster: problem.cluster, reason: problem.reason });
    case "badCaFile":
      return t("kubeconfig.problem.badCaFile", { path: problem.path, reason: problem.reason });
    case "caWithInsecure":
      return t("kubeconfig.problem.caWithInsecure", { cluster: problem.cluster });
  }
}

/** The context to select first: the current one when it can be imported, else the first that can. */
function initialChoice(listing: KubeconfigListing): KubeContext | null {
  const importable = listing.contexts.filter((c) => !c.problem);
  return importable.find((c) => c.current) ?? importable[0] ?? null;
}

/**
 * "Import from kubeconfig": the contexts of `$KUBECONFIG` or `~/.kube/config` (or a file the
 * user types), one chosen, imported as an OpenShift connection signed in with its token. The
 * token stays in the backend: this dialog only learns whether there is one.
 */
export function KubeconfigImportModal({ onImported, onClose }: KubeconfigImportModalProps) {
  const t = useT();
  const [path, setPath] = useState("");
  /** The path the listing shown was read from: `null` for the default lookup. */
  const [loadedFrom, setLoadedFrom] = useState<string | null>(null);
  const [listing, setListing] = useState<KubeconfigListing | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<UiError | null>(null);
  const [outcome, setOutcome] = useState<KubeconfigImported | null>(null);
  const [keeping, setKeeping] = useState(false);

  const load = async (typed: string | null) => {
    setLoading(true);
    setLoadError(null);
    setImportError(null);
    try {
      const found = await commands.kubeconfigContexts(typed);
      setListing(found);
      setLoadedFrom(typed);
      if (typed === null) setPath(found.files.join(":"));
      const first = initialChoice(found);
      setChosen(first?.name ?? null);
      setName(first?.name ?? "");
    } catch (reason) {
      setListing(null);
      setChosen(null);
      setLoadError(toUiError(reason));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load(null);
  }, []);

  const choose = (context: KubeContext) => {
    setChosen(context.name);
    setName(context.name);
    setImportError(null);
  };

  const selected = listing?.contexts.find((c) => c.name === chosen) ?? null;

  const submitPath = (event?: FormEvent) => {
    event?.preventDefault();
    const typed = path.trim();
    void load(typed === "" ? null : typed);
  };

  const runImport = async () => {
    if (!selected || importing) return;
    setImporting(true);
    setImportError(null);
    try {
      const done = await commands.kubeconfigImport(loadedFrom, selected.name, name);
      if (done.signIn.result === "signedIn") {
        onImported(done.connection, done.signIn.status);
        return;
      }
      onImported(done.connection, null);
      setOutcome(done);
    } catch (reason) {
      setImportError(toUiError(reason));
    } finally {
      setImporting(false);
    }
  };

  const keepForSession = async () => {
    if (!outcome) return;
    setKeeping(true);
    try {
      const status = await commands.authKeepForSession(outcome.connection.id);
      onImported(outcome.connection, status);
      onClose();
    } catch (reason) {
      setImportError(toUiError(reason));
      setKeeping(false);
    }
  };

  const sourceHelp =
    loadedFrom !== null
      ? t("kubeconfig.fileHelp.chosen")
      : listing?.source === "env"
        ? t("kubeconfig.fileHelp.env")
        : t("kubeconfig.fileHelp.home");

  const nameError = importError?.code === "invalidName" ? importError : null;
  const otherImportError = importError && !nameError ? importError : null;

  return (
    <Modal isOpen variant="large" onClose={importing ? undefined : onClose} aria-labelledby="kubeconfig-title">
      <ModalHeader title={t("kubeconfig.title")} labelId="kubeconfig-title" description={t("kubeconfig.intro")} />
      <ModalBody data-testid="kubeconfig-modal">
        {outcome ? (
          <Outcome outcome={outcome} />
        ) : (
          <div className="rc-stack">
            <Form onSubmit={submitPath} noValidate>
              <FormGroup label={t("kubeconfig.file")} fieldId="kubeconfig-path">
                <InputGroup>
                  <InputGroupItem isFill>
                    <TextInput
                      id="kubeconfig-path"
                      value={path}
                      placeholder={t("kubeconfig.filePlaceholder")}
                      onChange={(_e, v) => setPath(v)}
                      validated={loadError ? "error" : "default"}
                    />
                  </InputGroupItem>
                  <InputGroupItem>
                    <OpenFileButton
                      testId="kubeconfig-browse"
                      label={t("desktop.browse")}
                      title={t("kubeconfig.file")}
                      variant="tertiary"
                      isDisabled={loading}
                      onPaths={([picked]) => {
                        if (!picked) return;
                        setPath(picked);
                        void load(picked);
                      }}
                    />
                  </InputGroupItem>
                  <InputGroupItem>
                    <Button variant="control" type="submit" data-testid="kubeconfig-load" isDisabled={loading}>
                      {t("kubeconfig.load")}
                    </Button>
                  </InputGroupItem>
                </InputGroup>
                <FormHelperText>
                  <HelperText>
                    {loadError ? (
                      <HelperTextItem variant="error" data-testid="kubeconfig-error">
                        {t("kubeconfig.loadFailed")}: {loadError.message}
                        {loadError.detail && <span className="rc-detail">{loadError.detail}</span>}
                      </HelperTextItem>
                    ) : (
                      <HelperTextItem>{sourceHelp}</HelperTextItem>
                    )}
                  </HelperText>
                </FormHelperText>
              </FormGroup>
            </Form>

            {loading && (
              <div data-testid="kubeconfig-loading">
                <Spinner size="md" aria-label={t("kubeconfig.loading")} /> {t("kubeconfig.loading")}
              </div>
            )}

            {!loading && listing && listing.contexts.length === 0 && (
              <Alert variant="info" isInline isPlain title={t("kubeconfig.none")} />
            )}

            {!loading && listing && listing.contexts.length > 0 && (
              <Table aria-label={t("kubeconfig.tableLabel")} variant="compact">
                <Thead>
                  <Tr>
                    <Th screenReaderText={t("kubeconfig.tableLabel")} />
                    <Th width={30}>{t("kubeconfig.columnContext")}</Th>
                    <Th width={25}>{t("kubeconfig.columnServer")}</Th>
                    <Th width={10}>{t("kubeconfig.columnNamespace")}</Th>
                    <Th width={20}>{t("kubeconfig.columnCredentials")}</Th>
                    <Th width={15}>{t("kubeconfig.columnTls")}</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {listing.contexts.map((c, rowIndex) => (
                    <Tr
                      key={c.name}
                      data-testid="kubeconfig-context"
                      data-name={c.name}
                      data-usable={c.hasToken ? "token" : "no-token"}
                      isRowSelected={c.name === chosen}
                    >
                      <Td
                        select={{
                          rowIndex,
                          variant: "radio",
                          isSelected: c.name === chosen,
                          isDisabled: !!c.problem || importing,
                          onSelect: () => choose(c),
                        }}
                      />
                      <Td dataLabel={t("kubeconfig.columnContext")} modifier="breakWord">
                        <strong>{c.name}</strong>{" "}
                        {c.current && (
                          <Label color="blue" isCompact data-testid="kubeconfig-current">
                            {t("kubeconfig.current")}
                          </Label>
                        )}
                        {c.problem && (
                          <HelperText>
                            <HelperTextItem variant="error" data-testid="kubeconfig-problem">
                              {problemText(t, c.problem)}
                            </HelperTextItem>
                          </HelperText>
                        )}
                      </Td>
                      <Td dataLabel={t("kubeconfig.columnServer")} modifier="breakWord">
                        {c.server ?? "—"}
                      </Td>
                      <Td dataLabel={t("kubeconfig.columnNamespace")} modifier="breakWord">
                        {c.namespace ?? t("kubeconfig.noNamespace")}
                      </Td>
                      <Td dataLabel={t("kubeconfig.columnCredentials")}>
                        <Label
                          isCompact
                          color={c.hasToken ? "green" : "orange"}
                          icon={c.hasToken ? <CheckCircleIcon /> : <ExclamationTriangleIcon />}
                          data-testid="kubeconfig-credential"
                        >
                          {credentialLabel(t, c.credential)}
                        </Label>
                      </Td>
                      <Td dataLabel={t("kubeconfig.columnTls")}>{tlsLabel(t, c.tls)}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}

            {!loading && listing && listing.contexts.length > 0 && !selected && (
              <p>{t("kubeconfig.noneSelected")}</p>
            )}

            {!loading && selected && (
              <div className="rc-stack" data-testid="kubeconfig-details">
                <Form
                  onSubmit={(e) => {
                    e.preventDefault();
                    void runImport();
                  }}
                  noValidate
                >
                  <FormGroup label={t("kubeconfig.name")} isRequired fieldId="kubeconfig-name">
                    <TextInput
                      id="kubeconfig-name"
                      isRequired
                      value={name}
                      onChange={(_e, v) => {
                        setName(v);
                        if (nameError) setImportError(null);
                      }}
                      validated={nameError ? "error" : "default"}
                    />
                    <FormHelperText>
                      <HelperText>
                        {nameError ? (
                          <HelperTextItem variant="error" data-testid="kubeconfig-name-error">
                            {t("form.nameError")} {nameError.message}
                          </HelperTextItem>
                        ) : (
                          <HelperTextItem>{t("kubeconfig.nameHelp")}</HelperTextItem>
                        )}
                      </HelperText>
                    </FormHelperText>
                  </FormGroup>
                </Form>
                <Title headingLevel="h3" size="md">
                  {t("kubeconfig.details", { name: selected.name })}
                </Title>
                <DescriptionList isHorizontal isCompact>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("kubeconfig.columnServer")}</DescriptionListTerm>
                    <DescriptionListDescription>{selected.server}</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("kubeconfig.detailCluster")}</DescriptionListTerm>
                    <DescriptionListDescription>{selected.cluster}</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("kubeconfig.columnUser")}</DescriptionListTerm>
                    <DescriptionListDescription>{selected.user}</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("kubeconfig.columnCredentials")}</DescriptionListTerm>
                    <DescriptionListDescription data-testid="kubeconfig-credential-help">
                      {credentialHelp(t, selected.credential)}
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("kubeconfig.columnTls")}</DescriptionListTerm>
                    <DescriptionListDescription>{tlsHelp(t, selected.tls)}</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("kubeconfig.detailFile")}</DescriptionListTerm>
                    <DescriptionListDescription>
                      <code className="rc-path">{selected.file}</code>
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                </DescriptionList>

              </div>
            )}

            {otherImportError && (
              <Alert
                variant="danger"
                isInline
                data-testid="kubeconfig-import-error"
                title={t("kubeconfig.importFailed")}
              >
                <ErrorBody error={otherImportError} />
              </Alert>
            )}
          </div>
        )}
      </ModalBody>
      <ModalFooter>
        {outcome ? (
          <>
            {outcome.signIn.result === "keyringUnavailable" && (
              <Button variant="primary" data-testid="kubeconfig-keep-for-session" isLoading={keeping} onClick={keepForSession}>
                {t("auth.keepForSession")}
              </Button>
            )}
            <Button
              variant={outcome.signIn.result === "keyringUnavailable" ? "link" : "primary"}
              data-testid="kubeconfig-close"
              onClick={onClose}
            >
              {t("common.close")}
            </Button>
          </>
        ) : (
          <>
            <Button
              variant="primary"
              data-testid="kubeconfig-import-submit"
              onClick={runImport}
              isLoading={importing}
              isDisabled={importing || loading || !selected || !!selected.problem}
            >
              {t("kubeconfig.import")}
            </Button>
            <Button variant="link" onClick={onClose} isDisabled={importing}>
              {t("common.cancel")}
            </Button>
          </>
        )}
      </ModalFooter>
    </Modal>
  );
}

/** What happened after the connection was saved without a sign-in. */
function Outcome({ outcome }: { outcome: KubeconfigImported }) {
  const t = useT();
  const title = t("kubeconfig.added", { name: outcome.connection.name });
  const signIn = outcome.signIn;
  switch (signIn.result) {
    case "signedIn":
    case "noToken":
      return (
        <Alert variant="success" isInline title={title} data-testid="kubeconfig-outcome" data-result={signIn.result}>
          {t("kubeconfig.addedNoToken")}
        </Alert>
      );
    case "tokenRefused":
    case "failed":
    case "keyringUnavailable":
      return (
        <Alert variant="warning" isInline title={title} data-testid="kubeconfig-outcome" data-result={signIn.result}>
          <p>
            {signIn.result === "tokenRefused"
              ? t("kubeconfig.tokenRefused")
              : signIn.result === "failed"
                ? t("kubeconfig.signInFailed")
                : t("kubeconfig.keyring")}
          </p>
          <ErrorDetails error={{ code: "other", message: signIn.message, detail: signIn.detail }} />
        </Alert>
      );
  }
}
