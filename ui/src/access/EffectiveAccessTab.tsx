import { useState } from "react";
import { Alert, Label, Spinner, Title } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import type { AccessGrant } from "../bindings/AccessGrant";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { matches, type TabProps } from "./AccessPage";
import { ClusterErrorAlert } from "./ClusterErrorAlert";
import { FilterToolbar } from "../components/FilterToolbar";
import { SubjectCell } from "./SubjectLabel";
import { useLoad } from "../hooks/useLoad";

export function EffectiveAccessTab({ connectionId, project, onSignIn }: TabProps) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [access, reloadAccess] = useLoad(
    () => withSignIn("reauth.what.effective", () => commands.clusterEffectiveAccess(connectionId, project)),
    [connectionId, project, withSignIn],
  );
  const [self, reloadSelf] = useLoad(
    () => withSignIn("reauth.what.selfAccess", () => commands.clusterSelfAccess(connectionId, project)),
    [connectionId, project, withSignIn],
  );
  const [filter, setFilter] = useState("");

  return (
    <div className="rc-effective">
      <FilterToolbar testId="effective-filter" label={t("access.effective.filter")} filter={filter} onFilter={setFilter} />
      {access.status === "loading" && <Spinner size="lg" aria-label={t("app.loading")} />}
      {access.status === "failed" && (
        <ClusterErrorAlert error={access.error} title="access.effective.loadFailed" onSignIn={onSignIn} onRetry={reloadAccess} />
      )}
      {access.status === "ready" && (
        <>
          {!access.value.clusterBindingsIncluded && (
            <Alert isInline variant="info" className="rc-mb-md" title={t("access.effective.projectOnly")} data-testid="project-only" />
          )}
          {access.value.unreadableRoles.length > 0 && (
            <Alert
              isInline
              variant="warning"
              className="rc-mb-md"
              title={t("access.effective.unreadable", { roles: access.value.unreadableRoles.join(", ") })}
              data-testid="unreadable-roles"
            />
          )}
          <div className="rc-two-columns">
            <GrantTable title="access.effective.pull" testId="pull-table" grants={access.value.pull} filter={filter} />
            <GrantTable title="access.effective.push" testId="push-table" grants={access.value.push} filter={filter} />
          </div>
        </>
      )}
      <Title headingLevel="h2" size="lg" className="rc-mt-lg rc-mb-sm">
        {t("access.self.title")}
      </Title>
      {self.status === "loading" && <Spinner size="md" aria-label={t("app.loading")} />}
      {self.status === "failed" && (
        <ClusterErrorAlert error={self.error} title="access.self.loadFailed" onSignIn={onSignIn} onRetry={reloadSelf} />
      )}
      {self.status === "ready" && (
        <Table variant="compact" aria-label={t("access.self.title")} data-testid="self-table">
          <Thead>
            <Tr>
              <Th width={35}>{t("access.self.action")}</Th>
              <Th width={35}>{t("access.self.permission")}</Th>
              <Th>{t("access.self.answer")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {self.value.map((c) => (
              <Tr key={c.action} data-testid="self-row" data-allowed={c.allowed}>
                <Td>{t(`access.action.${c.action}` as MessageKey)}</Td>
                <Td className="rc-mono">
                  {c.verb} {c.resource}
                  {c.group ? ` (${c.group})` : ""}
                </Td>
                <Td>
                  <Label isCompact color={c.allowed ? "green" : "red"}>
                    {t(c.allowed ? "access.self.allowed" : "access.self.denied")}
                  </Label>
                  {c.reason && <span className="rc-subtle"> {c.reason}</span>}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </div>
  );
}

function GrantTable({ title, testId, grants, filter }: { title: MessageKey; testId: string; grants: AccessGrant[]; filter: string }) {
  const t = useT();
  const shown = grants.filter((g) => matches(filter, g.subject.name, g.subject.namespace, g.role, g.binding));
  return (
    <div>
      <Title headingLevel="h2" size="lg" className="rc-mb-sm">
        {t(title)} <span className="rc-count">({shown.length})</span>
      </Title>
      <Table variant="compact" aria-label={t(title)} data-testid={testId}>
        <Thead>
          <Tr>
            <Th width={50}>{t("access.col.subject")}</Th>
            <Th>{t("access.effective.through")}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {shown.map((g) => (
            <Tr key={`${g.binding}/${g.subject.kind}/${g.subject.namespace ?? ""}/${g.subject.name}/${g.role}`} data-testid={`${testId}-row`}>
              <Td>
                <SubjectCell subject={g.subject} />
              </Td>
              <Td>
                <span className="rc-mono">{g.role}</span>{" "}
                <span className="rc-subtle">
                  {t(g.bindingKind === "ClusterRoleBinding" ? "access.effective.viaCluster" : "access.effective.viaProject", {
                    binding: g.binding,
                  })}
                </span>
              </Td>
            </Tr>
          ))}
          {!shown.length && (
            <Tr>
              <Td colSpan={2}>{t(grants.length ? "access.noMatch" : "access.effective.nobody")}</Td>
            </Tr>
          )}
        </Tbody>
      </Table>
    </div>
  );
}
