import { useCallback, useEffect, useMemo, useRef, useState } from "react";
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
  TextInput,
  Title,
} from "@patternfly/react-core";
import { FilterInput } from "../components/FilterToolbar";
import { CubesIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import { useReauth } from "../signin/Reauth";
import type { ProjectList } from "../bindings/ProjectList";
import type { SettingsState } from "../bindings/SettingsState";
import type { WhoAmI } from "../bindings/WhoAmI";
import type { Connection } from "../bindings/Connection";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { ClusterErrorAlert } from "./ClusterErrorAlert";
import { rememberProjects } from "../shortcuts/seen";
import { useReloadShortcut } from "../hooks/useShortcuts";
import { CrossProjectPullTab } from "./CrossProjectPullTab";
import { EffectiveAccessTab } from "./EffectiveAccessTab";
import { ImageStreamsTab } from "./ImageStreamsTab";
import { PullSecretsTab } from "./PullSecretsTab";
import { RoleBindingsTab } from "./RoleBindingsTab";
import { ServiceAccountsTab } from "./ServiceAccountsTab";
import { ClusterRegistryModal } from "../registries/ClusterRegistryModal";
import { ConnectionPicker } from "../components/ConnectionPicker";

export type AccessTab = "bindings" | "effective" | "accounts" | "pullSecrets" | "imageStreams" | "crossPull";

/** What every tab gets: where it works and how to reach the sign-in. */
export interface TabProps {
  connectionId: string;
  project: string;
  projects: string[];
  /** Every saved connection: their registry hosts are offered where an auth-file entry is named. */
  connections: Connection[];
  onSignIn: () => void;
}

type Loaded<T> = { status: "loading" } | { status: "failed"; error: UiError } | { status: "ready"; value: T };

/** Case-insensitive substring match; an empty filter matches everything. */
export function matches(filter: string, ...values: (string | null | undefined)[]): boolean {
  const needle = filter.trim().toLowerCase();
  if (!needle) return true;
  return values.some((v) => v?.toLowerCase().includes(needle));
}

export function AccessPage({
  state,
  onOpenConnections,
  onOpenRegistry,
  initialConnectionId,
  initialProject,
}: {
  state: SettingsState;
  /** The cluster and project shown first (chosen in the quick switcher). */
  initialConnectionId?: string;
  initialProject?: string;
  onOpenConnections: () => void;
  /** Shows the registry connection `id` on the Registries page (after "Open the cluster's registry"). */
  onOpenRegistry?: (id: string) => void;
}) {
  const t = useT();
  const clusters = state.settings.connections.filter((c) => c.kind === "openshift");
  const [connectionId, setConnectionId] = useState(
    clusters.some((c) => c.id === initialConnectionId) ? (initialConnectionId as string) : (clusters[0]?.id ?? ""),
  );
  const [who, setWho] = useState<Loaded<WhoAmI>>({ status: "loading" });
  const [projects, setProjects] = useState<Loaded<ProjectList>>({ status: "loading" });
  const [project, setProject] = useState(initialProject ?? "");
  const [projectFilter, setProjectFilter] = useState("");
  // A user who may not list the cluster's namespaces types the project's name.
  const [typedProject, setTypedProject] = useState("");
  const [tab, setTab] = useState<AccessTab>("bindings");
  const [openingRegistry, setOpeningRegistry] = useState(false);
  const reauth = useReauth();

  const load = useCallback(async (id: string) => {
    setWho({ status: "loading" });
    setProjects({ status: "loading" });
    try {
      const [me, list] = await Promise.all([
        reauth(id, "reauth.what.projects", () => commands.clusterWhoami(id)),
        reauth(id, "reauth.what.projects", () => commands.clusterProjects(id)),
      ]);
      setWho({ status: "ready", value: me });
      setProjects({ status: "ready", value: list });
      rememberProjects(id, list.projects.map((p) => p.name));
      setProject((current) =>
        list.listingRefused || list.projects.some((p) => p.name === current) ? current : (list.projects[0]?.name ?? ""),
      );
    } catch (reason) {
      const error = toUiError(reason);
      setWho({ status: "failed", error });
      setProjects({ status: "failed", error });
    }
  }, [reauth]);

  useEffect(() => {
    if (connectionId) void load(connectionId);
  }, [connectionId, load]);

  // F5: the projects and the open tab are read again.
  const pageRef = useRef<HTMLDivElement>(null);
  useReloadShortcut(pageRef, () => {
    if (connectionId) void load(connectionId);
  });

  const refused = projects.status === "ready" && projects.value.listingRefused;
  const names = useMemo(() => {
    if (projects.status !== "ready") return [];
    if (projects.value.listingRefused) return project ? [project] : [];
    return projects.value.projects.map((p) => p.name);
  }, [projects, project]);
  const shownProjects = useMemo(() => {
    if (projects.status !== "ready") return [];
    return projects.value.projects.filter((p) => matches(projectFilter, p.name, p.displayName));
  }, [projects, projectFilter]);

  // Typing in the filter picks the first match, so the tabs follow what the user typed.
  useEffect(() => {
    if (!refused && shownProjects.length && !shownProjects.some((p) => p.name === project)) setProject(shownProjects[0]!.name);
  }, [shownProjects, project, refused]);

  if (!clusters.length) {
    return (
      <>
        <Header />
        <PageSection isFilled>
          <EmptyState data-testid="access-no-cluster" icon={CubesIcon} titleText={t("access.noCluster.title")} headingLevel="h2">
            <EmptyStateBody>{t("access.noCluster.body")}</EmptyStateBody>
            <EmptyStateFooter>
              <EmptyStateActions>
                <Button variant="primary" onClick={onOpenConnections}>
                  {t("access.noCluster.action")}
                </Button>
              </EmptyStateActions>
            </EmptyStateFooter>
          </EmptyState>
        </PageSection>
      </>
    );
  }

  const tabProps: TabProps = {
    connectionId,
    project,
    projects: names,
    connections: state.settings.connections,
    onSignIn: onOpenConnections,
  };
  const tabs: { id: AccessTab; title: string; body: () => React.ReactNode }[] = [
    { id: "bindings", title: t("access.tab.bindings"), body: () => <RoleBindingsTab {...tabProps} /> },
    { id: "effective", title: t("access.tab.effective"), body: () => <EffectiveAccessTab {...tabProps} /> },
    { id: "accounts", title: t("access.tab.accounts"), body: () => <ServiceAccountsTab {...tabProps} /> },
    { id: "pullSecrets", title: t("access.tab.pullSecrets"), body: () => <PullSecretsTab {...tabProps} /> },
    { id: "imageStreams", title: t("access.tab.imageStreams"), body: () => <ImageStreamsTab {...tabProps} onOpenClusterRegistry={() => setOpeningRegistry(true)} /> },
    { id: "crossPull", title: t("access.tab.crossPull"), body: () => <CrossProjectPullTab {...tabProps} /> },
  ];

  return (
    <>
      <Header who={who.status === "ready" ? who.value : null} cluster={clusters.find((c) => c.id === connectionId) ?? null} />
      <PageSection className="rc-access-picker-section">
        <div className="rc-access-picker" ref={pageRef}>
          {clusters.length > 1 && (
            <ConnectionPicker
              id="access-connection"
              label={t("access.connection")}
              connections={clusters}
              value={connectionId}
              onChange={setConnectionId}
              showUrl={false}
              className="rc-project-select"
            />
          )}
          {refused ? (
            <form
              className="rc-access-picker"
              onSubmit={(e) => {
                e.preventDefault();
                setProject(typedProject.trim());
              }}
            >
              <TextInput
                id="access-project-name"
                data-testid="project-name"
                aria-label={t("access.project.typeLabel")}
                placeholder={t("access.project.typeLabel")}
                value={typedProject}
                onChange={(_e, v) => setTypedProject(v)}
                className="rc-project-select"
              />
              <Button type="submit" variant="secondary" data-testid="project-open" isDisabled={!typedProject.trim()}>
                {t("access.project.open")}
              </Button>
            </form>
          ) : (
            <>
            <FilterInput className="rc-project-filter" testId="project-filter" label={t("access.project.filter")} filter={projectFilter} onFilter={setProjectFilter} />
            <FormSelect
              id="access-project"
              data-testid="access-project"
              aria-label={t("access.project.label")}
              value={project}
              isDisabled={!shownProjects.length}
              onChange={(_e, v) => setProject(v)}
              className="rc-project-select"
            >
              {shownProjects.map((p) => (
                <FormSelectOption
                  key={p.name}
                  value={p.name}
                  label={p.displayName && p.displayName !== p.name ? `${p.name} (${p.displayName})` : p.name}
                />
              ))}
              {!shownProjects.length && <FormSelectOption value="" label={t("access.project.none")} isPlaceholder />}
            </FormSelect>
            {projects.status === "ready" && (
              <span className="rc-count" data-testid="project-count">
                {t(projects.value.source === "namespaces" ? "access.project.countNamespaces" : "access.project.count", {
                  shown: shownProjects.length,
                  total: projects.value.projects.length,
                })}
              </span>
            )}
            </>
          )}
        </div>
      </PageSection>
      <PageSection isFilled>
        {projects.status === "loading" && <Spinner size="lg" aria-label={t("app.loading")} />}
        {projects.status === "failed" && (
          <ClusterErrorAlert
            error={projects.error}
            title="access.error.load"
            onSignIn={onOpenConnections}
            onRetry={() => void load(connectionId)}
          />
        )}
        {projects.status === "ready" && !project && (
          <EmptyState
            data-testid="access-no-project"
            titleText={t(refused ? "access.project.typeTitle" : "access.project.noneTitle")}
            headingLevel="h2"
          >
            <EmptyStateBody>{t(refused ? "access.project.listRefused" : "access.project.noneBody")}</EmptyStateBody>
          </EmptyState>
        )}
        {projects.status === "ready" && project && (
          <Tabs activeKey={tab} onSelect={(_e, k) => setTab(k as AccessTab)} aria-label={t("access.tabs")} mountOnEnter unmountOnExit>
            {tabs.map((x) => (
              <Tab key={x.id} eventKey={x.id} data-testid={`tab-${x.id}`} title={<TabTitleText>{x.title}</TabTitleText>}>
                <div className="rc-tab-body" key={`${connectionId}/${project}`}>
                  {x.body()}
                </div>
              </Tab>
            ))}
          </Tabs>
        )}
      </PageSection>
      {openingRegistry && clusters.find((c) => c.id === connectionId) && (
        <ClusterRegistryModal
          cluster={clusters.find((c) => c.id === connectionId)!}
          project={project || null}
          onBrowse={(opened) => {
            setOpeningRegistry(false);
            onOpenRegistry?.(opened.connection.id);
          }}
          onClose={() => setOpeningRegistry(false)}
        />
      )}
    </>
  );
}

/**
 * The page's title, and what it works on: the cluster (name and API URL, also when the picker
 * is hidden for a single cluster) and the user the saved sign-in is, as the cluster says.
 */
function Header({ who, cluster }: { who?: WhoAmI | null; cluster?: Connection | null }) {
  const t = useT();
  return (
    <PageSection>
      <div className="rc-access-header">
        <Title headingLevel="h1" data-testid="page-title">
          {t("nav.access")}
        </Title>
        {cluster && (
          <span className="rc-subtle rc-access-context" data-testid="access-cluster">
            {t("access.header.cluster", { name: cluster.name, url: cluster.url })}
          </span>
        )}
        {who && (
          <Label color="blue" data-testid="whoami" title={who.groups.join(", ")}>
            {who.name ? t("access.signedInAs", { user: who.name }) : t("access.signedInUnnamed")}
          </Label>
        )}
      </div>
    </PageSection>
  );
}
