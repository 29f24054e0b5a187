import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import {
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Label,
  PageSection,
  Spinner,
  Tab,
  Tabs,
  TabTitleText,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from "@patternfly/react-core";
import { CubesIcon, ExclamationTriangleIcon, LinkIcon, PlusCircleIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import { useOnSignedInAgain, useWithSignIn } from "../signin/Reauth";
import type { Connection } from "../bindings/Connection";
import type { SignedIn } from "../bindings/SignedIn";
import type { SettingsState } from "../bindings/SettingsState";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { RegistryErrorAlert } from "./RegistryErrorAlert";
import { CatalogRefusedNote, isCatalogRefusal, OPEN_REPOSITORY_COMPACT_HEIGHT, OpenRepository } from "./OpenRepository";
import { registryHost } from "./repositoryName";
import { RepositoryList } from "./RepositoryList";
import { SignInModal } from "./SignInModal";
import { SummaryStore } from "./summaryStore";
import { TagsPanel } from "./TagsPanel";
import { useCatalog } from "./useCatalog";
import { ClusterSignInModal } from "../signin/ClusterSignInModal";
import { ConnectionPicker } from "../components/ConnectionPicker";
import { rememberManifest, rememberRepositories } from "../shortcuts/seen";
import { ManifestPage, type ManifestBack } from "./ManifestPage";
import { useReloadShortcut } from "../hooks/useShortcuts";
import { HealthTab } from "./health/HealthTab";
import { MetricsTab } from "./health/MetricsTab";

export interface RegistriesPageProps {
  state: SettingsState;
  /** Opens the Connections page (where registries are added). */
  onOpenConnections: () => void;
  /** The repository list's viewport height in pixels. */
  listHeight?: number;
  /** The connection shown first (one just opened from "Open the cluster's registry"). */
  initialConnectionId?: string | null;
  /** Told which connection is shown (remembered for the next start). */
  onConnectionShown?: (id: string | null) => void;
  /** The repository whose tags are shown first (one chosen in the quick switcher). */
  initialRepository?: string | null;
  /** With `initialRepository`: the tag whose manifest page opens first (a recent manifest). */
  initialTag?: string | null;
}

/** Seconds with one decimal: "1.2 s". */
function seconds(ms: number, language: string): string {
  return (ms / 1000).toLocaleString(language, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}

/** Browse a Docker Registry v2 / OCI registry: its catalog, a repository's tags, a tag's manifest. */
export function RegistriesPage({
  state,
  onOpenConnections,
  listHeight = 560,
  initialConnectionId = null,
  initialRepository = null,
  onConnectionShown,
  initialTag = null,
}: RegistriesPageProps) {
  const t = useT();
  const registries = useMemo(() => state.settings.connections.filter((c) => c.kind === "registry"), [state]);
  const [connectionId, setConnectionId] = useState<string | null>(
    registries.some((c) => c.id === initialConnectionId) ? initialConnectionId : (registries[0]?.id ?? null),
  );
  const connection = registries.find((c) => c.id === connectionId) ?? registries[0] ?? null;
  // Kept across a change of connection: an admin comparing the health of two registries.
  const [tab, setTab] = useState<RegistryTab>("repositories");

  useEffect(() => {
    if (!registries.some((c) => c.id === connectionId)) setConnectionId(registries[0]?.id ?? null);
  }, [registries, connectionId]);

  const shownId = connection?.id ?? null;
  useEffect(() => {
    onConnectionShown?.(shownId);
  }, [shownId, onConnectionShown]);

  return (
    <>
      <PageSection>
        <Title headingLevel="h1" data-testid="page-title">
          {t("registries.title")}
        </Title>
      </PageSection>
      {connection ? (
        <RegistryBrowser
          key={connection.id}
          connection={connection}
          registries={registries}
          cluster={state.settings.connections.find((c) => c.id === connection.linkedCluster) ?? null}
          onConnectionChange={setConnectionId}
          listHeight={listHeight}
          initialRepository={connection.id === initialConnectionId ? initialRepository : null}
          initialTag={connection.id === initialConnectionId && initialRepository ? initialTag : null}
          savedDebugAddress={state.settings.debugAddresses?.[connection.id] ?? null}
          tab={tab}
          onTabChange={setTab}
        />
      ) : (
        <PageSection isFilled>
          <EmptyState data-testid="registries-empty" icon={PlusCircleIcon} titleText={t("registries.noneTitle")} headingLevel="h2">
            <EmptyStateBody>{t("registries.noneBody")}</EmptyStateBody>
            <EmptyStateFooter>
              <EmptyStateActions>
                <Button variant="primary" data-testid="open-connections" onClick={onOpenConnections}>
                  {t("registries.openConnections")}
                </Button>
              </EmptyStateActions>
            </EmptyStateFooter>
          </EmptyState>
        </PageSection>
      )}
    </>
  );
}

interface RegistryBrowserProps {
  connection: Connection;
  registries: Connection[];
  /** The OpenShift connection whose login a linked connection signs in with. */
  cluster: Connection | null;
  onConnectionChange: (id: string) => void;
  listHeight: number;
  initialRepository: string | null;
  initialTag: string | null;
  /** The registry debug server's address saved for the connection (Health and Metrics tabs). */
  savedDebugAddress: string | null;
  tab: RegistryTab;
  onTabChange: (tab: RegistryTab) => void;
}

type RegistryTab = "repositories" | "health" | "metrics";

/** Everything about one connection; keyed by it, so switching starts clean. */
function RegistryBrowser({
  connection,
  registries,
  cluster,
  onConnectionChange,
  listHeight,
  initialRepository,
  initialTag,
  savedDebugAddress,
  tab,
  onTabChange,
}: RegistryBrowserProps) {
  const t = useT();
  const [debugAddress, setDebugAddress] = useState<string | null>(savedDebugAddress);
  const catalog = useCatalog(connection.id);
  const [selected, setSelected] = useState<string | null>(initialRepository);
  /** The tag of `selected` whose manifest page is open, in place of the browser. */
  const [manifestTag, setManifestTag] = useState<string | null>(initialRepository ? initialTag : null);
  const browseRegion = useRef<HTMLDivElement>(null);
  /** The tag whose row takes the focus when its manifest page closes. */
  const returnFocusTo = useRef<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [signedInAs, setSignedInAs] = useState<SignedIn | null>(null);
  const [authEpoch, setAuthEpoch] = useState(0);
  const [signOutError, setSignOutError] = useState<UiError | null>(null);
  const withSignIn = useWithSignIn(connection.id);
  const store = useMemo(() => new SummaryStore(connection.id, withSignIn), [connection.id, withSignIn]);
  const cs = catalog.state;
  const listRegion = useRef<HTMLDivElement>(null);
  useReloadShortcut(listRegion, catalog.reload);

  // The quick switcher offers every repository seen: the catalog's pages and those opened.
  useEffect(() => rememberRepositories(connection.id, cs.names), [connection.id, cs.names]);
  useEffect(() => {
    if (selected) rememberRepositories(connection.id, [selected]);
  }, [connection.id, selected]);
  // ... and every manifest opened, most recent first.
  useEffect(() => {
    if (selected && manifestTag) rememberManifest(connection.id, selected, manifestTag);
  }, [connection.id, selected, manifestTag]);

  const selectRepository = (name: string | null) => {
    setManifestTag(null);
    setSelected(name);
  };
  const closeManifest = (to: ManifestBack) => {
    const tag = manifestTag;
    setManifestTag(null);
    if (to === "registry") {
      setSelected(null);
      return;
    }
    // Back where the user was: the focus returns to the tag whose page this was.
    returnFocusTo.current = tag;
  };
  // Once the tags are shown again (the commit that closed the page), not a frame later.
  useLayoutEffect(() => {
    const tag = returnFocusTo.current;
    if (manifestTag !== null || tag === null) return;
    returnFocusTo.current = null;
    const row = [...(browseRegion.current?.querySelectorAll<HTMLElement>("[data-testid=tag-row]") ?? [])].find(
      (r) => r.dataset.tag === tag,
    );
    row?.querySelector<HTMLElement>("[data-testid=tag-open]")?.focus();
  }, [manifestTag]);

  // A sign-in kept in the OS keyring from an earlier run: show who, without asking again.
  // A keyring that cannot be read shows up on the catalog, which needs the same credentials.
  useEffect(() => {
    let cancelled = false;
    commands.registrySignedIn(connection.id).then(
      (found) => {
        if (!cancelled && found) setSignedInAs((now) => now ?? found);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [connection.id]);

  const onSignedIn = (signedIn: SignedIn) => {
    setSigningIn(false);
    setSignedInAs(signedIn);
    setAuthEpoch((n) => n + 1);
    // The catalog is the first thing a sign-in is for; retry it if it was refused.
    if (cs.status === "failed") catalog.reload();
  };

  // Signed in again through the dialog a refused call opened: who is signed in now, and
  // whatever else failed for want of credentials is asked again.
  useOnSignedInAgain(connection.id, () => {
    commands.registrySignedIn(connection.id).then((found) => setSignedInAs(found), () => undefined);
    setAuthEpoch((n) => n + 1);
  });

  const signOut = async () => {
    setSignOutError(null);
    try {
      await commands.registrySignOut(connection.id);
      setSignedInAs(null);
      // Without credentials the registry may refuse: show that rather than a stale list.
      catalog.reload();
    } catch (reason) {
      setSignOutError(toUiError(reason));
    }
  };

  return (
    <>
      <PageSection padding={{ default: "noPadding" }} className="rc-registry-toolbar">
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <ConnectionPicker
                id="registry-connection"
                label={t("registries.connectionLabel")}
                connections={registries}
                value={connection.id}
                onChange={onConnectionChange}
                className="rc-connection-select"
              />
            </ToolbarItem>
            {connection.tls.mode === "insecure" && (
              <ToolbarItem alignSelf="center">
                <Label color="orange" icon={<ExclamationTriangleIcon />} data-testid="tls-insecure-warning">
                  {t("tls.insecure")}
                </Label>
              </ToolbarItem>
            )}
            <ToolbarItem alignSelf="center" className="rc-catalog-status">
              <CatalogStatus
                state={cs}
                onCancel={catalog.cancel}
                onReload={catalog.reload}
                language={t.language}
              />
            </ToolbarItem>
            <ToolbarGroup align={{ default: "alignEnd" }}>
              {cluster && (
                <ToolbarItem alignSelf="center">
                  <span className="rc-count rc-linked-login pf-v6-u-mr-md" data-testid="linked-login" title={t("clusterRegistry.linkedLoginNote", { cluster: cluster.name })}>
                    <LinkIcon aria-hidden /> {t("clusterRegistry.linkedLogin", { cluster: cluster.name })}
                  </span>
                </ToolbarItem>
              )}
              {signedInAs && (
                <>
                  <ToolbarItem alignSelf="center">
                    <span className="rc-count" data-testid="signed-in-as">
                      {t(signedInAs.keptIn === "keyring" ? "signIn.signedInKeyring" : "signIn.signedInSession", {
                        username: signedInAs.username,
                      })}
                    </span>
                  </ToolbarItem>
                  <ToolbarItem>
                    <Button variant="secondary" data-testid="registry-sign-out" onClick={signOut}>
                      {t("signIn.signOut")}
                    </Button>
                  </ToolbarItem>
                </>
              )}
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </PageSection>

      {signOutError && (
        <PageSection>
          <RegistryErrorAlert error={signOutError} fallbackTitle="signIn.signOutFailed" />
        </PageSection>
      )}

      {cs.status === "failed" && !isCatalogRefusal(cs.error) && (
        <PageSection>
          <RegistryErrorAlert
            error={cs.error}
            fallbackTitle="catalog.failed"
            onSignIn={() => setSigningIn(true)}
            onRetry={catalog.reload}
          />
        </PageSection>
      )}

      <PageSection padding={{ default: "noPadding" }}>
        <Tabs
          activeKey={tab}
          onSelect={(_e, key) => onTabChange(key as RegistryTab)}
          aria-label={t("registries.connectionLabel")}
          className="rc-registry-tabs"
          inset={{ default: "insetMd" }}
        >
          <Tab eventKey="repositories" tabContentId="registry-panel-repositories" title={<TabTitleText>{t("registryTabs.repositories")}</TabTitleText>} data-testid="registry-tab-repositories" />
          <Tab eventKey="health" tabContentId="registry-panel-health" title={<TabTitleText>{t("registryTabs.health")}</TabTitleText>} data-testid="registry-tab-health" />
          <Tab eventKey="metrics" tabContentId="registry-panel-metrics" title={<TabTitleText>{t("registryTabs.metrics")}</TabTitleText>} data-testid="registry-tab-metrics" />
        </Tabs>
      </PageSection>

      {/* Each tab points at its panel (aria-controls); a panel's content is mounted only while open. */}
      <div id="registry-panel-health" role="tabpanel" className="rc-tabpanel" hidden={tab !== "health"}>
        {tab === "health" && (
          <PageSection isFilled>
            <HealthTab connectionId={connection.id} debugAddress={debugAddress} onDebugAddressChange={setDebugAddress} />
          </PageSection>
        )}
      </div>
      {/* Mounted only while open: it scrapes every N seconds, and stops when the tab closes. */}
      <div id="registry-panel-metrics" role="tabpanel" className="rc-tabpanel" hidden={tab !== "metrics"}>
        {tab === "metrics" && (
          <PageSection isFilled>
            <MetricsTab connectionId={connection.id} debugAddress={debugAddress} />
          </PageSection>
        )}
      </div>

      <div id="registry-panel-repositories" role="tabpanel" className="rc-tabpanel" hidden={tab !== "repositories"}>
        {tab === "repositories" && selected && manifestTag && (
          <PageSection isFilled>
            <ManifestPage
              key={`${selected}:${manifestTag}`}
              connectionId={connection.id}
              registryName={connection.name}
              repository={selected}
              tag={manifestTag}
              authEpoch={authEpoch}
              onSignIn={() => setSigningIn(true)}
              onBack={closeManifest}
            />
          </PageSection>
        )}
        {/* Kept while a manifest page is open, so that Back finds the filter, sort and page as left. */}
        <PageSection isFilled hidden={tab !== "repositories" || manifestTag !== null}>
          <div className="rc-browse" ref={browseRegion}>
            <div className="rc-browse-list" ref={listRegion}>
              <OpenRepository
                connectionId={connection.id}
                host={registryHost(connection.url)}
                signedIn={signedInAs}
                onOpened={selectRepository}
                onSignIn={() => setSigningIn(true)}
                explain={cs.status === "failed" || (cs.status === "done" && cs.names.length === 0)}
              />
              {cs.status === "failed" && isCatalogRefusal(cs.error) ? (
                <CatalogRefusedNote error={cs.error} signedIn={signedInAs} onSignIn={() => setSigningIn(true)} />
              ) : cs.status === "failed" && cs.names.length === 0 ? null : cs.status === "done" && cs.names.length === 0 ? (
                <EmptyState icon={CubesIcon} titleText={t("catalog.emptyTitle")} headingLevel="h2" data-testid="catalog-empty">
                  <EmptyStateBody>{t("catalog.emptyBody")}</EmptyStateBody>
                </EmptyState>
              ) : (
                <RepositoryList
                  names={cs.names}
                  selected={selected}
                  onSelect={selectRepository}
                  height={Math.max(240, listHeight - OPEN_REPOSITORY_COMPACT_HEIGHT)}
                />
              )}
            </div>
            <div className="rc-browse-detail">
              {selected ? (
                <TagsPanel
                  key={selected}
                  connectionId={connection.id}
                  repository={selected}
                  store={store}
                  authEpoch={authEpoch}
                  onSignIn={() => setSigningIn(true)}
                  linked={!!cluster}
                  host={registryHost(connection.url)}
                  onOpenManifest={setManifestTag}
                />
              ) : (
                <EmptyState variant="sm" icon={CubesIcon} titleText={t("tags.chooseTitle")} headingLevel="h2">
                  <EmptyStateBody>{t("tags.chooseBody")}</EmptyStateBody>
                </EmptyState>
              )}
            </div>
          </div>
        </PageSection>
      </div>

      {signingIn &&
        (cluster ? (
          // A linked connection signs in with its cluster's login: that is the sign-in to make.
          <ClusterSignInModal
            connection={cluster}
            onSignedIn={() => {
              setSigningIn(false);
              setAuthEpoch((n) => n + 1);
              if (cs.status === "failed") catalog.reload();
            }}
            onCancel={() => setSigningIn(false)}
          />
        ) : (
          <SignInModal connection={connection} onSignedIn={onSignedIn} onCancel={() => setSigningIn(false)} />
        ))}
    </>
  );
}

function CatalogStatus({
  state,
  onCancel,
  onReload,
  language,
}: {
  state: ReturnType<typeof useCatalog>["state"];
  onCancel: () => void;
  onReload: () => void;
  language: string;
}) {
  const t = useT();
  switch (state.status) {
    case "loading":
      return (
        <span className="rc-catalog-line">
          <Spinner size="md" aria-hidden />
          <span data-testid="catalog-progress" aria-live="polite">
            {t("catalog.loading", { count: state.names.length.toLocaleString(language) })}
          </span>
          <Button variant="link" isInline data-testid="catalog-cancel" onClick={onCancel}>
            {t("catalog.cancel")}
          </Button>
        </span>
      );
    case "done":
      return (
        <span className="rc-catalog-line">
          <strong data-testid="catalog-count">{t("catalog.count", { count: state.total.toLocaleString(language) })}</strong>
          <span className="rc-count" data-testid="catalog-time">
            {t("catalog.time", { seconds: seconds(state.elapsedMs, language) })}
          </span>
          <Button variant="link" isInline data-testid="catalog-reload" onClick={onReload}>
            {t("catalog.reload")}
          </Button>
        </span>
      );
    case "cancelled":
      return (
        <span className="rc-catalog-line">
          <span data-testid="catalog-cancelled">
            {t("catalog.cancelled", { count: state.names.length.toLocaleString(language) })}
          </span>
          <Button variant="link" isInline data-testid="catalog-reload" onClick={onReload}>
            {t("catalog.loadAgain")}
          </Button>
        </span>
      );
    default:
      return null;
  }
}
