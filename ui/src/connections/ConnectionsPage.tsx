import { useEffect, useMemo, useState } from "react";
import {
  Alert,
  AlertActionCloseButton,
  Button,
  Content,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Label,
  PageSection,
  Title,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { ExclamationTriangleIcon, LinkIcon, PlusCircleIcon, SearchIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { SettingsState } from "../bindings/SettingsState";
import type { SignInStatus } from "../bindings/SignInStatus";
import type { TlsMode } from "../bindings/TlsMode";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { ConnectionFormModal } from "./ConnectionFormModal";
import { KubeconfigImportModal } from "./KubeconfigImportModal";
import { RemoveConnectionModal } from "./RemoveConnectionModal";
import { kindLabel } from "./labels";
import { ClusterSignInModal } from "../signin/ClusterSignInModal";
import { SignInCell } from "../signin/SignInCell";
import { SignOutModal } from "../signin/SignOutModal";
import { QuaySignInCell } from "../quay/QuaySignInCell";
import { ClusterRegistryModal } from "../registries/ClusterRegistryModal";
import { FilterToolbar } from "../components/FilterToolbar";
import { ErrorBody } from "../components/ErrorAlert";

type Dialog =
  | { kind: "add" }
  | { kind: "kubeconfig" }
  | { kind: "edit"; connection: Connection }
  | { kind: "remove"; connection: Connection }
  | { kind: "signIn"; connection: Connection }
  | { kind: "signOut"; connection: Connection; status: SignInStatus }
  | { kind: "clusterRegistry"; connection: Connection };

/**
 * Connections whose users sign in through OAuth (OpenShift's OAuth server, an OIDC provider).
 * A Quay signs in with its own OAuth access token (or a robot account), kept as its registry
 * sign-in: its cell is `QuaySignInCell`.
 */
export const signsInWithOAuth = (c: Connection) => c.kind === "openshift";

export interface ConnectionsPageProps {
  state: SettingsState;
  onStateChange: (state: SettingsState) => void;
  recoveryDismissed: boolean;
  onDismissRecovery: () => void;
  /** Shows the registry connection `id` on the Registries page (after "Open the cluster's registry"). */
  onOpenRegistry?: (id: string) => void;
}

/** Case-insensitive match on name or URL; an empty filter matches everything. */
export function matchesFilter(connection: Connection, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (!needle) return true;
  return connection.name.toLowerCase().includes(needle) || connection.url.toLowerCase().includes(needle);
}

export function ConnectionsPage({ state, onStateChange, recoveryDismissed, onDismissRecovery, onOpenRegistry }: ConnectionsPageProps) {
  const t = useT();
  const [filter, setFilter] = useState("");
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [loadError, setLoadError] = useState<UiError | null>(null);

  const connections = state.settings.connections;
  const shown = useMemo(() => connections.filter((c) => matchesFilter(c, filter)), [connections, filter]);
  const [signIns, setSignIns] = useState<Record<string, SignInStatus | null>>({});
  const [signInError, setSignInError] = useState<{ name: string; error: UiError } | null>(null);

  useEffect(() => {
    let live = true;
    for (const c of connections.filter(signsInWithOAuth)) {
      commands.authStatus(c.id).then(
        (status) => live && setSignIns((all) => ({ ...all, [c.id]: status })),
        (reason) => live && setSignInError({ name: c.name, error: toUiError(reason) }),
      );
    }
    return () => {
      live = false;
    };
  }, [connections]);

  const reload = async () => {
    try {
      onStateChange(await commands.settingsState());
      setLoadError(null);
    } catch (reason) {
      setLoadError(toUiError(reason));
    }
  };

  const closeAndReload = () => {
    setDialog(null);
    void reload();
  };

  const recovery = state.recovery;

  return (
    <>
      <PageSection>
        <Title headingLevel="h1" data-testid="page-title">
          {t("connections.title")}
        </Title>
        <Content component="p" className="pf-v6-u-mt-sm">
          {t.nodes("connections.savedIn", {
            path: (
              <code className="rc-path" data-testid="settings-path">
                {state.path}
              </code>
            ),
          })}
        </Content>
      </PageSection>

      {recovery && !recoveryDismissed && (
        <PageSection>
          <Alert
            variant="warning"
            isInline
            data-testid="settings-recovery"
            title={t("recovery.title")}
            actionClose={<AlertActionCloseButton aria-label={t("common.close")} onClose={onDismissRecovery} />}
          >
            <p>{recovery.reason}</p>
            {recovery.movedTo && (
              <p>
                {t.nodes("recovery.movedTo", { path: <code className="rc-path">{recovery.movedTo}</code> })}
              </p>
            )}
            {recovery.readOnly && <p>{t("recovery.readOnly")}</p>}
          </Alert>
        </PageSection>
      )}

      {loadError && (
        <PageSection>
          <Alert
            variant="danger"
            isInline
            title={t("connections.loadFailed")}
            actionClose={<AlertActionCloseButton aria-label={t("common.close")} onClose={() => setLoadError(null)} />}
          >
            <ErrorBody error={loadError} />
          </Alert>
        </PageSection>
      )}

      {signInError && (
        <PageSection>
          <Alert
            variant="warning"
            isInline
            data-testid="sign-in-status-error"
            title={t("auth.statusFailed", { name: signInError.name })}
            actionClose={<AlertActionCloseButton aria-label={t("common.close")} onClose={() => setSignInError(null)} />}
          >
            <ErrorBody error={signInError.error} />
          </Alert>
        </PageSection>
      )}

      <PageSection isFilled>
        {connections.length === 0 ? (
          <EmptyState
            data-testid="connections-empty"
            icon={PlusCircleIcon}
            titleText={t("connections.emptyTitle")}
            headingLevel="h2"
          >
            <EmptyStateBody>{t("connections.emptyBody")}</EmptyStateBody>
            <EmptyStateFooter>
              <EmptyStateActions>
                <Button variant="primary" data-testid="add-connection" onClick={() => setDialog({ kind: "add" })}>
                  {t("connections.add")}
                </Button>
                <Button variant="secondary" data-testid="import-kubeconfig" onClick={() => setDialog({ kind: "kubeconfig" })}>
                  {t("kubeconfig.open")}
                </Button>
              </EmptyStateActions>
            </EmptyStateFooter>
          </EmptyState>
        ) : (
          <>
            <FilterToolbar
              inputTestId="connection-filter"
              label={t("connections.filterLabel")}
              placeholder={t("connections.filterPlaceholder")}
              filter={filter}
              onFilter={setFilter}
              count={t("connections.count", { shown: shown.length, total: connections.length })}
            >
              <Button variant="primary" data-testid="add-connection" onClick={() => setDialog({ kind: "add" })}>
                {t("connections.add")}
              </Button>
              <Button variant="secondary" data-testid="import-kubeconfig" onClick={() => setDialog({ kind: "kubeconfig" })}>
                {t("kubeconfig.open")}
              </Button>
            </FilterToolbar>
            {shown.length === 0 ? (
              <EmptyState icon={SearchIcon} titleText={t("connections.noMatchTitle")} headingLevel="h2" variant="sm">
                <EmptyStateBody>{t("connections.noMatchBody")}</EmptyStateBody>
                <EmptyStateFooter>
                  <EmptyStateActions>
                    <Button variant="link" onClick={() => setFilter("")}>
                      {t("connections.clearFilter")}
                    </Button>
                  </EmptyStateActions>
                </EmptyStateFooter>
              </EmptyState>
            ) : (
              <Table aria-label={t("connections.tableLabel")} variant="compact">
                <Thead>
                  <Tr>
                    <Th width={15}>{t("connections.columnName")}</Th>
                    <Th width={20}>{t("connections.columnKind")}</Th>
                    <Th width={25}>{t("connections.columnUrl")}</Th>
                    <Th width={20}>{t("connections.columnTls")}</Th>
                    <Th width={20}>{t("auth.column")}</Th>
                    <Th screenReaderText={t("connections.columnActions")} />
                  </Tr>
                </Thead>
                <Tbody>
                  {shown.map((c) => (
                    <Tr key={c.id} data-testid="connection-row" data-name={c.name}>
                      <Td dataLabel={t("connections.columnName")}>
                        <strong>{c.name}</strong>
                      </Td>
                      <Td dataLabel={t("connections.columnKind")} data-testid="connection-kind">{kindLabel(c, t)}</Td>
                      <Td dataLabel={t("connections.columnUrl")} modifier="breakWord">
                        {c.url}
                      </Td>
                      <Td dataLabel={t("connections.columnTls")} modifier="breakWord">
                        <TlsCell tls={c.tls} />
                      </Td>
                      <Td dataLabel={t("auth.column")} modifier="breakWord">
                        {c.kind === "quay" && <QuaySignInCell connection={c} />}
                        {c.linkedCluster && <LinkedLogin connection={c} connections={connections} />}
                        {signsInWithOAuth(c) && (
                          <SignInCell
                            status={signIns[c.id] ?? null}
                            onSignIn={() => setDialog({ kind: "signIn", connection: c })}
                            onSignOut={() => {
                              const status = signIns[c.id];
                              if (status) setDialog({ kind: "signOut", connection: c, status });
                            }}
                          />
                        )}
                      </Td>
                      <Td isActionCell>
                        <div className="rc-row-actions rc-row-actions--wrap">
                          {c.kind === "openshift" && (
                            <Button
                              variant="secondary"
                              size="sm"
                              data-testid="open-cluster-registry"
                              aria-label={t("clusterRegistry.openLabel", { name: c.name })}
                              onClick={() => setDialog({ kind: "clusterRegistry", connection: c })}
                            >
                              {t("clusterRegistry.open")}
                            </Button>
                          )}
                          <Button
                            variant="secondary"
                            size="sm"
                            data-testid="edit-connection"
                            aria-label={t("connections.editLabel", { name: c.name })}
                            onClick={() => setDialog({ kind: "edit", connection: c })}
                          >
                            {t("connections.edit")}
                          </Button>
                          <Button
                            variant="secondary"
                            isDanger
                            size="sm"
                            data-testid="remove-connection"
                            aria-label={t("connections.removeLabel", { name: c.name })}
                            onClick={() => setDialog({ kind: "remove", connection: c })}
                          >
                            {t("connections.remove")}
                          </Button>
                        </div>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </>
        )}
      </PageSection>

      {(dialog?.kind === "add" || dialog?.kind === "edit") && (
        <ConnectionFormModal
          connection={dialog.kind === "edit" ? dialog.connection : undefined}
          onSaved={closeAndReload}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "kubeconfig" && (
        <KubeconfigImportModal
          onImported={(connection, status) => {
            if (status) {
              setSignIns((all) => ({ ...all, [connection.id]: status }));
              closeAndReload();
            } else {
              void reload();
            }
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "signIn" && (
        <ClusterSignInModal
          connection={dialog.connection}
          onSignedIn={(status) => {
            setSignIns((all) => ({ ...all, [status.connectionId]: status }));
            setDialog(null);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "signOut" && (
        <SignOutModal
          connection={dialog.connection}
          status={dialog.status}
          onDone={() => {
            setSignIns((all) => ({ ...all, [dialog.connection.id]: null }));
            setDialog(null);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "remove" && (
        <RemoveConnectionModal
          connection={dialog.connection}
          linked={connections.filter((c) => c.linkedCluster === dialog.connection.id)}
          onDone={closeAndReload}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "clusterRegistry" && (
        <ClusterRegistryModal
          cluster={dialog.connection}
          project={null}
          onBrowse={(opened) => {
            setDialog(null);
            void reload().then(() => onOpenRegistry?.(opened.connection.id));
          }}
          onClose={() => {
            setDialog(null);
            // "Open" may have added a connection before the dialog was closed.
            void reload();
          }}
        />
      )}
    </>
  );
}

/** A registry connection linked to a cluster: it signs in with the cluster's login, not its own. */
function LinkedLogin({ connection, connections }: { connection: Connection; connections: Connection[] }) {
  const t = useT();
  const cluster = connections.find((c) => c.id === connection.linkedCluster)?.name ?? connection.linkedCluster ?? "";
  return (
    <span data-testid="linked-login" title={t("clusterRegistry.linkedLoginNote", { cluster })}>
      <LinkIcon aria-hidden /> {t("clusterRegistry.linkedLogin", { cluster })}
    </span>
  );
}

function TlsCell({ tls }: { tls: TlsMode }) {
  const t = useT();
  switch (tls.mode) {
    case "system":
      return <>{t("tls.system")}</>;
    case "caBundle":
      return <>{t.nodes("tls.caBundle", { path: <code className="rc-path">{tls.path}</code> })}</>;
    case "insecure":
      return (
        <Label color="orange" icon={<ExclamationTriangleIcon />} data-testid="tls-insecure-warning">
          {t("tls.insecure")}
        </Label>
      );
  }
}
