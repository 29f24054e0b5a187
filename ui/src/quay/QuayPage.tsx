import { useCallback, useEffect, useMemo, useState } from "react";
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
  Tab,
  TabTitleText,
  Tabs,
  Title,
} from "@patternfly/react-core";
import { FilterInput } from "../components/FilterToolbar";
import { CubesIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { Organization } from "../bindings/Organization";
import type { QuayUser } from "../bindings/QuayUser";
import type { SettingsState } from "../bindings/SettingsState";
import type { SignedIn } from "../bindings/SignedIn";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { matches } from "../access/AccessPage";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { QuaySignInModal } from "./QuaySignInModal";
import { RepositoriesTab } from "./RepositoriesTab";
import { RobotsTab } from "./RobotsTab";
import { AuditLogTab } from "./AuditLogTab";
import { PermissionsTab } from "./PermissionsTab";
import { QuayAccessTab } from "./QuayAccessTab";
import { TeamsTab } from "./TeamsTab";
import { ApplicationsTab } from "./ApplicationsTab";
import { BridgeTab } from "./BridgeTab";
import { ConnectionPicker } from "../components/ConnectionPicker";

/** The user name a Quay OAuth token signs in to the registry as. */
export const OAUTH_TOKEN_USER = "$oauthtoken";

export type QuayTab = "repositories" | "robots" | "teams" | "permissions" | "access" | "logs" | "applications" | "bridge";

/** What every tab of an organization gets. */
export interface QuayTabProps {
  connectionId: string;
  registryHost: string;
  organization: string;
  onSignIn: () => void;
}

type State =
  | { status: "loading" }
  | { status: "signedOut" }
  | { status: "registryOnly"; signedIn: SignedIn }
  | { status: "failed"; error: UiError }
  | { status: "ready"; user: QuayUser; organizations: Organization[] };

/** `host[:port]` of a connection URL, as image references and `docker login` name it. */
export function registryHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function QuayPage({ state, onOpenConnections }: { state: SettingsState; onOpenConnections: () => void }) {
  const t = useT();
  const quays = state.settings.connections.filter((c) => c.kind === "quay");
  const [connectionId, setConnectionId] = useState(quays[0]?.id ?? "");
  const connection = quays.find((c) => c.id === connectionId) ?? quays[0];
  const [loaded, setLoaded] = useState<State>({ status: "loading" });
  const [organization, setOrganization] = useState("");
  const [filter, setFilter] = useState("");
  const [tab, setTab] = useState<QuayTab>("repositories");
  const [signingIn, setSigningIn] = useState(false);
  /** A token made on the Applications tab for the Bridge Operator tab: component state only. */
  const [bridgeToken, setBridgeToken] = useState<string | null>(null);

  const load = useCallback(async (id: string) => {
    setLoaded({ status: "loading" });
    try {
      const signedIn = await commands.registrySignedIn(id);
      if (!signedIn) return setLoaded({ status: "signedOut" });
      if (signedIn.username !== OAUTH_TOKEN_USER) return setLoaded({ status: "registryOnly", signedIn });
      // Independent calls at once: Quay checks each token with bcrypt (~0.3 s a call).
      const [user, organizations] = await Promise.all([commands.quayWhoami(id), commands.quayOrganizations(id)]);
      setLoaded({ status: "ready", user, organizations });
      setOrganization((current) => (organizations.some((o) => o.name === current) ? current : (organizations[0]?.name ?? "")));
    } catch (reason) {
      setLoaded({ status: "failed", error: toUiError(reason) });
    }
  }, []);

  useEffect(() => {
    if (connection) void load(connection.id);
  }, [connection, load]);

  const shown = useMemo(
    () => (loaded.status === "ready" ? loaded.organizations.filter((o) => matches(filter, o.name)) : []),
    [loaded, filter],
  );
  useEffect(() => {
    if (shown.length && !shown.some((o) => o.name === organization)) setOrganization(shown[0]!.name);
  }, [shown, organization]);

  if (!connection) {
    return (
      <>
        <Header />
        <PageSection isFilled>
          <EmptyState data-testid="quay-none" icon={CubesIcon} titleText={t("quay.noQuay.title")} headingLevel="h2">
            <EmptyStateBody>{t("quay.noQuay.body")}</EmptyStateBody>
            <EmptyStateFooter>
              <EmptyStateActions>
                <Button variant="primary" onClick={onOpenConnections}>
                  {t("quay.noQuay.action")}
                </Button>
              </EmptyStateActions>
            </EmptyStateFooter>
          </EmptyState>
        </PageSection>
      </>
    );
  }

  const signIn = () => setSigningIn(true);
  const signOut = async () => {
    try {
      await commands.registrySignOut(connection.id);
    } finally {
      void load(connection.id);
    }
  };
  const tabProps = (org: string): QuayTabProps => ({
    connectionId: connection.id,
    registryHost: registryHost(connection.url),
    organization: org,
    onSignIn: signIn,
  });

  return (
    <>
      <Header user={loaded.status === "ready" ? loaded.user : null} registryOnly={loaded.status === "registryOnly" ? loaded.signedIn.username : null}>
        {(loaded.status === "ready" || loaded.status === "registryOnly") && (
          <Button variant="secondary" size="sm" data-testid="quay-sign-out" onClick={() => void signOut()}>
            {t("quay.signOut")}
          </Button>
        )}
      </Header>
      <PageSection className="rc-access-picker-section">
        <div className="rc-access-picker">
          {quays.length > 1 && (
            <ConnectionPicker
              id="quay-connection"
              label={t("quay.connection")}
              connections={quays}
              value={connection.id}
              onChange={setConnectionId}
              showUrl={false}
              className="rc-project-select"
            />
          )}
          {loaded.status === "ready" && loaded.organizations.length > 0 && (
            <>
              <FilterInput className="rc-project-filter" testId="quay-organization-filter" label={t("quay.organizationFilter")} filter={filter} onFilter={setFilter} />
              <FormSelect
                id="quay-organization"
                data-testid="quay-organization"
                aria-label={t("quay.organization")}
                value={organization}
                isDisabled={!shown.length}
                onChange={(_e, v) => setOrganization(v)}
                className="rc-project-select"
              >
                {shown.map((o) => (
                  <FormSelectOption key={o.name} value={o.name} label={o.isOrgAdmin ? `${o.name} (${t("quay.admin")})` : o.name} />
                ))}
              </FormSelect>
              <span className="rc-count" data-testid="quay-organization-count">
                {t("quay.organizationCount", { shown: shown.length, total: loaded.organizations.length })}
              </span>
            </>
          )}
        </div>
      </PageSection>
      <PageSection isFilled>
        {loaded.status === "loading" && <Spinner size="lg" aria-label={t("quay.loading")} />}
        {loaded.status === "failed" && (
          <QuayErrorAlert error={loaded.error} title="quay.error.load" onSignIn={signIn} onRetry={() => void load(connection.id)} />
        )}
        {(loaded.status === "signedOut" || loaded.status === "registryOnly") && (
          <EmptyState data-testid="quay-signed-out" titleText={t("quay.signIn")} headingLevel="h2">
            <EmptyStateBody>{t("quay.error.signIn")}</EmptyStateBody>
            <EmptyStateFooter>
              <EmptyStateActions>
                <Button variant="primary" data-testid="quay-sign-in" onClick={signIn}>
                  {t("quay.signIn")}
                </Button>
              </EmptyStateActions>
            </EmptyStateFooter>
          </EmptyState>
        )}
        {loaded.status === "ready" && !loaded.organizations.length && (
          <EmptyState data-testid="quay-no-organizations" titleText={t("quay.noOrganizations.title")} headingLevel="h2">
            <EmptyStateBody>{t("quay.noOrganizations.body")}</EmptyStateBody>
          </EmptyState>
        )}
        {loaded.status === "ready" && organization && (
          <Tabs activeKey={tab} onSelect={(_e, k) => setTab(k as QuayTab)} aria-label={t("quay.tabs")} mountOnEnter unmountOnExit>
            <Tab eventKey="repositories" data-testid="quay-tab-repositories" title={<TabTitleText>{t("quay.tab.repositories")}</TabTitleText>}>
              <div className="rc-tab-body" key={`${connection.id}/${organization}`}>
                <RepositoriesTab {...tabProps(organization)} />
              </div>
            </Tab>
            <Tab eventKey="robots" data-testid="quay-tab-robots" title={<TabTitleText>{t("quay.tab.robots")}</TabTitleText>}>
              <div className="rc-tab-body" key={`${connection.id}/${organization}`}>
                <RobotsTab {...tabProps(organization)} />
              </div>
            </Tab>
            <Tab eventKey="teams" data-testid="quay-tab-teams" title={<TabTitleText>{t("quay.tab.teams")}</TabTitleText>}>
              <div className="rc-tab-body" key={`${connection.id}/${organization}`}>
                <TeamsTab {...tabProps(organization)} />
              </div>
            </Tab>
            <Tab eventKey="permissions" data-testid="quay-tab-permissions" title={<TabTitleText>{t("quay.tab.permissions")}</TabTitleText>}>
              <div className="rc-tab-body" key={`${connection.id}/${organization}`}>
                <PermissionsTab {...tabProps(organization)} />
              </div>
            </Tab>
            <Tab eventKey="access" data-testid="quay-tab-access" title={<TabTitleText>{t("quay.tab.access")}</TabTitleText>}>
              <div className="rc-tab-body" key={`${connection.id}/${organization}`}>
                <QuayAccessTab {...tabProps(organization)} />
              </div>
            </Tab>
            <Tab eventKey="logs" data-testid="quay-tab-logs" title={<TabTitleText>{t("quay.tab.logs")}</TabTitleText>}>
              <div className="rc-tab-body" key={`${connection.id}/${organization}`}>
                <AuditLogTab {...tabProps(organization)} />
              </div>
            </Tab>
            <Tab eventKey="applications" data-testid="quay-tab-applications" title={<TabTitleText>{t("quay.tab.applications")}</TabTitleText>}>
              <div className="rc-tab-body" key={`${connection.id}/${organization}`}>
                <ApplicationsTab
                  {...tabProps(organization)}
                  onSignedIn={() => void load(connection.id)}
                  onUseForBridge={(token) => {
                    setBridgeToken(token);
                    setTab("bridge");
                  }}
                />
              </div>
            </Tab>
            <Tab eventKey="bridge" data-testid="quay-tab-bridge" title={<TabTitleText>{t("quay.tab.bridge")}</TabTitleText>}>
              <div className="rc-tab-body" key={connection.id}>
                <BridgeTab
                  quay={connection}
                  clusters={state.settings.connections.filter((c) => c.kind === "openshift")}
                  token={bridgeToken}
                  onClearToken={() => setBridgeToken(null)}
                  onSignIn={onOpenConnections}
                />
              </div>
            </Tab>
          </Tabs>
        )}
      </PageSection>
      {signingIn && (
        <QuaySignInModal
          connection={connection}
          onCancel={() => setSigningIn(false)}
          onSignedIn={() => {
            setSigningIn(false);
            void load(connection.id);
          }}
        />
      )}
    </>
  );
}

function Header({ user, registryOnly, children }: { user?: QuayUser | null; registryOnly?: string | null; children?: React.ReactNode }) {
  const t = useT();
  return (
    <PageSection>
      <div className="rc-access-header">
        <Title headingLevel="h1" data-testid="page-title">
          {t("quay.title")}
        </Title>
        {user && (
          <Label color="blue" data-testid="quay-whoami">
            {t("quay.signedInAs", { user: user.username })}
            {user.superUser ? ` (${t("quay.superuser")})` : ""}
          </Label>
        )}
        {registryOnly && (
          <Label color="orange" data-testid="quay-registry-only">
            {t("quay.registryOnly", { user: registryOnly })}
          </Label>
        )}
        {children}
      </div>
    </PageSection>
  );
}
