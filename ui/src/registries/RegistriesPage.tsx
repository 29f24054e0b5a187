import { useEffect, useMemo, useState } from "react";
import {
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  Spinner,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from "@patternfly/react-core";
import { CubesIcon, ExclamationTriangleIcon, PlusCircleIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import { useOnSignedInAgain, useWithSignIn } from "../signin/Reauth";
import type { Connection } from "../bindings/Connection";
import type { SignedIn } from "../bindings/SignedIn";
import type { SettingsState } from "../bindings/SettingsState";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { RegistryErrorAlert } from "./RegistryErrorAlert";
import { RepositoryList } from "./RepositoryList";
import { SignInModal } from "./SignInModal";
import { SummaryStore } from "./summaryStore";
import { TagsPanel } from "./TagsPanel";
import { useCatalog } from "./useCatalog";

export interface RegistriesPageProps {
  state: SettingsState;
  /** Opens the Connections page (where registries are added). */
  onOpenConnections: () => void;
  /** The repository list's viewport height in pixels. */
  listHeight?: number;
}

/** Seconds with one decimal: "1.2 s". */
function seconds(ms: number, language: string): string {
  return (ms / 1000).toLocaleString(language, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}

/** Browse a Docker Registry v2 / OCI registry: its catalog, a repository's tags, a tag's manifest. */
export function RegistriesPage({ state, onOpenConnections, listHeight = 560 }: RegistriesPageProps) {
  const t = useT();
  const registries = useMemo(() => state.settings.connections.filter((c) => c.kind === "registry"), [state]);
  const [connectionId, setConnectionId] = useState<string | null>(registries[0]?.id ?? null);
  const connection = registries.find((c) => c.id === connectionId) ?? registries[0] ?? null;

  useEffect(() => {
    if (!registries.some((c) => c.id === connectionId)) setConnectionId(registries[0]?.id ?? null);
  }, [registries, connectionId]);

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
          onConnectionChange={setConnectionId}
          listHeight={listHeight}
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
  onConnectionChange: (id: string) => void;
  listHeight: number;
}

/** Everything about one connection; keyed by it, so switching starts clean. */
function RegistryBrowser({ connection, registries, onConnectionChange, listHeight }: RegistryBrowserProps) {
  const t = useT();
  const catalog = useCatalog(connection.id);
  const [selected, setSelected] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [signedInAs, setSignedInAs] = useState<SignedIn | null>(null);
  const [authEpoch, setAuthEpoch] = useState(0);
  const [signOutError, setSignOutError] = useState<UiError | null>(null);
  const withSignIn = useWithSignIn(connection.id);
  const store = useMemo(() => new SummaryStore(connection.id, withSignIn), [connection.id, withSignIn]);
  const cs = catalog.state;

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
              <FormSelect
                id="registry-connection"
                data-testid="registry-connection"
                aria-label={t("registries.connectionLabel")}
                value={connection.id}
                onChange={(_e, value) => onConnectionChange(value)}
                className="rc-connection-select"
              >
                {registries.map((c) => (
                  <FormSelectOption key={c.id} value={c.id} label={`${c.name} — ${c.url}`} />
                ))}
              </FormSelect>
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

      {cs.status === "failed" && (
        <PageSection>
          <RegistryErrorAlert
            error={cs.error}
            fallbackTitle="catalog.failed"
            onSignIn={() => setSigningIn(true)}
            onRetry={catalog.reload}
          />
        </PageSection>
      )}

      <PageSection isFilled>
        {cs.status === "failed" && cs.names.length === 0 ? null : cs.status === "done" && cs.names.length === 0 ? (
          <EmptyState icon={CubesIcon} titleText={t("catalog.emptyTitle")} headingLevel="h2" data-testid="catalog-empty">
            <EmptyStateBody>{t("catalog.emptyBody")}</EmptyStateBody>
          </EmptyState>
        ) : (
          <div className="rc-browse">
            <div className="rc-browse-list">
              <RepositoryList names={cs.names} selected={selected} onSelect={setSelected} height={listHeight} />
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
                />
              ) : (
                <EmptyState variant="sm" icon={CubesIcon} titleText={t("tags.chooseTitle")} headingLevel="h2">
                  <EmptyStateBody>{t("tags.chooseBody")}</EmptyStateBody>
                </EmptyState>
              )}
            </div>
          </div>
        )}
      </PageSection>

      {signingIn && <SignInModal connection={connection} onSignedIn={onSignedIn} onCancel={() => setSigningIn(false)} />}
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
