import { useMemo, useState } from "react";
import { Alert, Button, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, Modal, ModalBody, ModalFooter, ModalHeader, Radio, Spinner, TextInput } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import { useSignInShown, useWithSignIn } from "../signin/Reauth";
import type { IssuedToken } from "../bindings/IssuedToken";
import type { ServiceAccount } from "../bindings/ServiceAccount";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { matches, type TabProps } from "./AccessPage";
import { TimeText } from "../components/TimeText";
import { ClusterErrorAlert } from "./ClusterErrorAlert";
import { FilterToolbar } from "../components/FilterToolbar";
import { SecretValue } from "../components/SecretValue";
import { TokenAuthFile } from "./TokenAuthFile";
import { useLoad } from "../hooks/useLoad";
import type { Connection } from "../bindings/Connection";
import { shellQuote } from "../credentials/PullSecretImport";
import { SameAsLine } from "./SameAsLine";

/** Lifetimes offered for a TokenRequest, in seconds (the apiserver's minimum is 10 minutes). */
export const LIFETIMES = [
  { seconds: 600, key: "access.token.life.10m" },
  { seconds: 3600, key: "access.token.life.1h" },
  { seconds: 8 * 3600, key: "access.token.life.8h" },
  { seconds: 24 * 3600, key: "access.token.life.1d" },
  { seconds: 7 * 24 * 3600, key: "access.token.life.7d" },
  { seconds: 30 * 24 * 3600, key: "access.token.life.30d" },
] as const;

export function ServiceAccountsTab({ connectionId, project, connections, onSignIn }: TabProps) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [accounts, reload] = useLoad(
    () => withSignIn("reauth.what.accounts", () => commands.clusterServiceAccounts(connectionId, project)),
    [connectionId, project, withSignIn],
  );
  const [filter, setFilter] = useState("");
  const [creating, setCreating] = useState(false);
  const [minting, setMinting] = useState<ServiceAccount | null>(null);
  const shown = useMemo(
    () => (accounts.status === "ready" ? accounts.value.filter((a) => matches(filter, a.name, ...a.secrets, ...a.imagePullSecrets)) : []),
    [accounts, filter],
  );
  return (
    <>
      <FilterToolbar
        testId="accounts-filter"
        label={t("access.accounts.filter")}
        filter={filter}
        onFilter={setFilter}
        count={accounts.status === "ready" ? t("access.count", { shown: shown.length, total: accounts.value.length }) : null}
      >
        <Button data-testid="account-create-open" onClick={() => setCreating(true)}>
          {t("access.accounts.create")}
        </Button>
      </FilterToolbar>
      {accounts.status === "loading" && <Spinner size="lg" aria-label={t("app.loading")} />}
      {accounts.status === "failed" && (
        <ClusterErrorAlert error={accounts.error} title="access.accounts.loadFailed" onSignIn={onSignIn} onRetry={reload} />
      )}
      {accounts.status === "ready" && (
        <Table variant="compact" aria-label={t("access.tab.accounts")} data-testid="accounts-table">
          <Thead>
            <Tr>
              <Th width={25}>{t("access.accounts.name")}</Th>
              <Th width={25}>{t("access.accounts.pullSecrets")}</Th>
              <Th width={20}>{t("access.accounts.secrets")}</Th>
              <Th width={10}>{t("access.accounts.created")}</Th>
              <Th screenReaderText={t("access.col.actions")} />
            </Tr>
          </Thead>
          <Tbody>
            {shown.map((a) => (
              <Tr key={a.name} data-testid="account-row">
                <Td>
                  <div className="rc-mono">{a.name}</div>
                  <div className="rc-subtle rc-mono rc-small">{a.userName}</div>
                </Td>
                <Td className="rc-mono rc-small">{a.imagePullSecrets.join(", ") || "—"}</Td>
                <Td className="rc-mono rc-small">{a.secrets.join(", ") || "—"}</Td>
                <Td dataLabel={t("access.accounts.created")} className="rc-small">
                  <TimeText value={a.created} testId="account-created" />
                </Td>
                <Td isActionCell>
                  <Button variant="secondary" size="sm" data-testid="token-open" onClick={() => setMinting(a)}>
                    {t("access.token.open")}
                  </Button>
                </Td>
              </Tr>
            ))}
            {!shown.length && (
              <Tr>
                <Td colSpan={5}>{t(accounts.value.length ? "access.noMatch" : "access.accounts.none")}</Td>
              </Tr>
            )}
          </Tbody>
        </Table>
      )}
      {creating && (
        <CreateAccountModal
          connectionId={connectionId}
          project={project}
          onSignIn={onSignIn}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            reload();
          }}
        />
      )}
      {minting && (
        <TokenModal
          connectionId={connectionId}
          connections={connections}
          account={minting}
          onSignIn={onSignIn}
          onClose={() => {
            setMinting(null);
            reload();
          }}
        />
      )}
    </>
  );
}

function CreateAccountModal({
  connectionId,
  project,
  onSignIn,
  onClose,
  onCreated,
}: {
  connectionId: string;
  project: string;
  onSignIn: () => void;
  onClose: () => void;
  onCreated: () => void;
}) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [name, setName] = useState("");
  const signingIn = useSignInShown();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await withSignIn("reauth.what.createAccount", () => commands.clusterCreateServiceAccount(connectionId, project, name));
      onCreated();
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };
  const fieldError = error && (error.code === "invalidInput" || error.code === "conflict") ? error : null;
  return (
    <Modal isOpen={!signingIn} variant="small" onClose={onClose} aria-labelledby="sa-create-title" data-testid="account-create-modal">
      <ModalHeader title={t("access.accounts.createTitle", { project })} labelId="sa-create-title" />
      <ModalBody>
        {error && !fieldError && <ClusterErrorAlert error={error} title="access.accounts.createFailed" onSignIn={onSignIn} />}
        <Form
          id="sa-create-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <FormGroup label={t("access.accounts.name")} fieldId="sa-name" isRequired>
            <TextInput
              id="sa-name"
              data-testid="account-name"
              value={name}
              validated={fieldError ? "error" : "default"}
              onChange={(_e, v) => setName(v)}
            />
            <FormHelperText>
              <HelperText>
                <HelperTextItem variant={fieldError ? "error" : "default"} data-testid="account-name-help">
                  {fieldError ? fieldError.message : t("access.accounts.nameHelp")}
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          {name.trim() && (
            <SameAsLine testId="account-create-command" command={`oc create serviceaccount ${shellQuote(name.trim())} -n ${shellQuote(project)}`} />
          )}
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="sa-create-form" data-testid="account-create" isDisabled={!name.trim() || busy} isLoading={busy}>
          {t("access.accounts.createSubmit")}
        </Button>
        <Button variant="link" onClick={onClose}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function TokenModal({
  connectionId,
  connections,
  account,
  onSignIn,
  onClose,
}: {
  connectionId: string;
  connections: Connection[];
  account: ServiceAccount;
  onSignIn: () => void;
  onClose: () => void;
}) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const signingIn = useSignInShown();
  const [kind, setKind] = useState<"request" | "longLived">("request");
  const [lifetime, setLifetime] = useState(3600);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [token, setToken] = useState<IssuedToken | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      setToken(
        kind === "request"
          ? await withSignIn("reauth.what.token", () =>
              commands.clusterRequestToken(connectionId, account.namespace, account.name, lifetime),
            )
          : await withSignIn("reauth.what.token", () =>
              commands.clusterLongLivedToken(connectionId, account.namespace, account.name),
            ),
      );
    } catch (reason) {
      setError(toUiError(reason));
    }
    setBusy(false);
  };
  return (
    <Modal isOpen={!signingIn} variant="medium" onClose={onClose} aria-labelledby="token-title" data-testid="token-modal">
      <ModalHeader title={t("access.token.title", { account: account.userName })} labelId="token-title" />
      <ModalBody>
        {error && <ClusterErrorAlert error={error} title="access.token.failed" onSignIn={onSignIn} />}
        {!token && (
          <Form
            id="token-form"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <FormGroup role="radiogroup" fieldId="token-kind" label={t("access.token.kind")} isStack>
              <Radio
                id="token-kind-request"
                data-testid="token-kind-request"
                name="token-kind"
                label={t("access.token.request")}
                description={t("access.token.requestHelp")}
                isChecked={kind === "request"}
                onChange={() => setKind("request")}
              />
              <Radio
                id="token-kind-long"
                data-testid="token-kind-long"
                name="token-kind"
                label={t("access.token.longLived")}
                description={t("access.token.longLivedHelp")}
                isChecked={kind === "longLived"}
                onChange={() => setKind("longLived")}
              />
            </FormGroup>
            {kind === "request" && (
              <FormGroup label={t("access.token.lifetime")} fieldId="token-lifetime">
                <FormSelect
                  id="token-lifetime"
                  data-testid="token-lifetime"
                  value={String(lifetime)}
                  onChange={(_e, v) => setLifetime(Number(v))}
                >
                  {LIFETIMES.map((l) => (
                    <FormSelectOption key={l.seconds} value={String(l.seconds)} label={t(l.key)} />
                  ))}
                </FormSelect>
              </FormGroup>
            )}
            {kind === "request" && (
              <SameAsLine
                testId="token-command"
                command={`oc create token ${shellQuote(account.name)} --duration=${lifetime}s -n ${shellQuote(account.namespace)}`}
              />
            )}
          </Form>
        )}
        {token && (
          <>
            <Alert isInline isPlain variant="info" title={t("access.token.once")} className="rc-mb-md" />
            <DescriptionList isCompact isHorizontal>
              <DescriptionListGroup>
                <DescriptionListTerm>{t("access.token.token")}</DescriptionListTerm>
                <DescriptionListDescription>
                  <SecretValue source={{ value: token.token }} label={t("access.token.token")} testId="issued-token" />
                </DescriptionListDescription>
              </DescriptionListGroup>
              {token.expiresAt && (
                <DescriptionListGroup>
                  <DescriptionListTerm>{t("access.token.expires")}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="token-expires">
                    <TimeText value={token.expiresAt} absolute />
                  </DescriptionListDescription>
                </DescriptionListGroup>
              )}
              {token.secretName && (
                <DescriptionListGroup>
                  <DescriptionListTerm>{t("access.token.secret")}</DescriptionListTerm>
                  <DescriptionListDescription className="rc-mono" data-testid="token-secret">
                    {token.secretName}
                    <div className="rc-subtle">{t("access.token.secretHelp")}</div>
                  </DescriptionListDescription>
                </DescriptionListGroup>
              )}
            </DescriptionList>
            <TokenAuthFile
              username={account.name}
              token={token.token}
              hosts={{ connectionId, project: account.namespace, connections }}
            />
          </>
        )}
      </ModalBody>
      <ModalFooter>
        {!token && (
          <Button type="submit" form="token-form" data-testid="token-submit" isDisabled={busy} isLoading={busy}>
            {t("access.token.submit")}
          </Button>
        )}
        <Button variant={token ? "primary" : "link"} data-testid="token-close" onClick={onClose}>
          {t(token ? "common.close" : "common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
