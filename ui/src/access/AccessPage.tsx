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
  SearchInput,
  Spinner,
  Tab,
  TabTitleText,
  Tabs,
  TextInput,
  Title,
} from "@patternfly/react-core";
import { CubesIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import { useReauth } from "../signin/Reauth";
import type { ProjectList } from "../bindings/ProjectList";
import type { SettingsState } from "../bindings/SettingsState";
import type { WhoAmI } from "../bindings/WhoAmI";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { ClusterErrorAlert } from "./ClusterErrorAlert";
import { CrossProjectPullTab } from "./CrossProjectPullTab";
import { EffectiveAccessTab } from "./EffectiveAccessTab";
import { ImageStreamsTab } from "./ImageStreamsTab";
import { PullSecretsTab } from "./PullSecretsTab";
import { RoleBindingsTab } from "./RoleBindingsTab";
import { ServiceAccountsTab } from "./ServiceAccountsTab";

export type AccessTab = "bindings" | "effective" | "accounts" | "pullSecrets" | "imageStreams" | "crossPull";

/** What every tab gets: where it works and how to reach the sign-in. */
export interface TabProps {
  connectionId: string;
  project: string;
  projects: string[];
  onSignIn: () => void;
}

type Loaded<T> = { status: "loading" } | { status: "failed"; error: UiError } | { status: "ready"; value: T };

/** Case-insensitive substring match; an empty filter matches everything. */
export function matches(filter: string, ...values: (string | null | undefined)[]): boolean {
  const needle = filter.trim().toLowerCase();
  if (!needle) return true;
  return values.some((v) => v?.toLowerCase().includes(needle));
}

export function AccessPage({ state, onOpenConnections }: { state: SettingsState; onOpenConnections: () => void }) {
  const t = useT();
  const clusters = state.settings.connections.filter((c) => c.kind === "openshift");
  const [connectionId, setConnectionId] = useState(clusters[0]?.id ?? "");
  const [who, setWho] = useState<Loaded<WhoAmI>>({ status: "loading" });
  const [projects, setProjects] = useState<Loaded<ProjectList>>({ status: "loading" });
  const [project, setProject] = useState("");
  const [projectFilter, setProjectFilter] = useState("");
  // A user who may not list the cluster's namespaces types the project's name.
  const [typedProject, setTypedProject] = useState("");
  const [tab, setTab] = useState<AccessTab>("bindings");
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

  const tabProps: TabProps = { connectionId, project, projects: names, onSignIn: onOpenConnections };
  const tabs: { id: AccessTab; title: string; body: () => React.ReactNode }[] = [
    { id: "bindings", title: t("access.tab.bindings"), body: () => <RoleBindingsTab {...tabProps} /> },
    { id: "effective", title: t("access.tab.effective"), body: () => <EffectiveAccessTab {...tabProps} /> },
    { id: "accounts", title: t("access.tab.accounts"), body: () => <ServiceAccountsTab {...tabProps} /> },
    { id: "pullSecrets", title: t("access.tab.pullSecrets"), body: () => <PullSecretsTab {...tabProps} /> },
    { id: "imageStreams", title: t("access.tab.imageStreams"), body: () => <ImageStreamsTab {...tabProps} /> },
    { id: "crossPull", title: t("access.tab.crossPull"), body: () => <CrossProjectPullTab {...tabProps} /> },
  ];

  return (
    <>
      <Header who={who.status === "ready" ? who.value : null} />
      <PageSection className="rc-access-picker-section">
        <div className="rc-access-picker">
          {clusters.length > 1 && (
            <FormSelect
              id="access-connection"
              data-testid="access-connection"
              aria-label={t("access.connection")}
              value={connectionId}
              onChange={(_e, v) => setConnectionId(v)}
              className="rc-project-select"
            >
              {clusters.map((c) => (
                <FormSelectOption key={c.id} value={c.id} label={c.name} />
              ))}
            </FormSelect>
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
            <SearchInput
              className="rc-project-filter"
              data-testid="project-filter"
              aria-label={t("access.project.filter")}
              placeholder={t("access.project.filter")}
              value={projectFilter}
              onChange={(_e, v) => setProjectFilter(v)}
              onClear={() => setProjectFilter("")}
            />
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
    </>
  );
}

function Header({ who }: { who?: WhoAmI | null }) {
  const t = useT();
  return (
    <PageSection>
      <div className="rc-access-header">
        <Title headingLevel="h1" data-testid="page-title">
          {t("nav.access")}
        </Title>
        {who && (
          <Label color="blue" data-testid="whoami" title={who.groups.join(", ")}>
            {who.name ? t("access.signedInAs", { user: who.name }) : t("access.signedInUnnamed")}
          </Label>
        )}
      </div>
    </PageSection>
  );
}
