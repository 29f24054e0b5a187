import { useMemo, useState } from "react";
import { Alert, Button, FormSelect, FormSelectOption, Label, Spinner } from "@patternfly/react-core";
import { FilterInput } from "../components/FilterToolbar";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import type { AccessEntry } from "../bindings/AccessEntry";
import type { AccessSource } from "../bindings/AccessSource";
import { useT, type Translate } from "../i18n/i18n";
import { matches } from "../access/AccessPage";
import { useLoad } from "../hooks/useLoad";
import type { QuayTabProps } from "./QuayPage";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { RepositoryPicker, ROLE_NAME, SubjectName, failedTitle, useRepositoryChoice } from "./quayTeamsShared";

type Show = "all" | "push" | "admin";

/** Where a right comes from, in words. */
export function sourceText(t: Translate, source: AccessSource): string {
  switch (source.kind) {
    case "direct":
      return t("quay.access.direct", { role: ROLE_NAME[source.role] });
    case "team":
      return t("quay.access.team", { team: source.team, role: ROLE_NAME[source.role] });
    case "organizationAdmin":
      return t("quay.access.orgAdmin", { team: source.team });
    case "namespaceOwner":
      return t("quay.access.owner");
    case "public":
      return t("quay.access.public");
  }
}

const subjectName = (entry: AccessEntry) => (entry.subject.kind === "anyone" ? "" : entry.subject.name);

/**
 * Who may pull, push and administer a repository of the organization, and through what: a
 * direct permission, a team's, the organization's admin team, or a public repository.
 */
export function QuayAccessTab({ connectionId, organization, onSignIn }: QuayTabProps) {
  const t = useT();
  const { repositories, picked, pick, reload } = useRepositoryChoice(connectionId, organization);

  return (
    <>
      {repositories.status === "loading" && <Spinner size="lg" aria-label={t("quay.loading")} />}
      {repositories.status === "failed" && (
        <QuayErrorAlert error={repositories.error} title="quay.error.load" onSignIn={onSignIn} onRetry={reload} />
      )}
      {repositories.status === "ready" && !repositories.value.length && <p data-testid="quay-access-no-repos">{t("quay.noRepositories")}</p>}
      {repositories.status === "ready" && picked && (
        <RepositoryAccess key={picked} connectionId={connectionId} namespace={organization} repository={picked} onSignIn={onSignIn}>
          <RepositoryPicker repositories={repositories.value} picked={picked} onPick={pick} testId="quay-access-repo" />
        </RepositoryAccess>
      )}
    </>
  );
}

function RepositoryAccess({
  connectionId,
  namespace,
  repository,
  onSignIn,
  children,
}: {
  connectionId: string;
  namespace: string;
  repository: string;
  onSignIn: () => void;
  children: React.ReactNode;
}) {
  const t = useT();
  const [access, reload] = useLoad(() => commands.quayRepositoryAccess(connectionId, namespace, repository), [connectionId, namespace, repository]);
  const [filter, setFilter] = useState("");
  const [show, setShow] = useState<Show>("all");

  const all = useMemo(() => (access.status === "ready" ? access.value : []), [access]);
  const shown = useMemo(
    () =>
      all.filter(
        (e) =>
          (show === "all" || (show === "push" ? e.canPush : e.canAdmin)) &&
          matches(
            filter,
            subjectName(e),
            ...e.sources.map((s) => ("team" in s ? s.team : null)),
            ...e.sources.map((s) => sourceText(t, s)),
          ),
      ),
    [all, filter, show, t],
  );

  return (
    <>
      <div className="rc-qt-bar">
        {children}
        <FilterInput className="rc-qt-field" testId="quay-access-filter" label={t("quay.access.filter")} filter={filter} onFilter={setFilter} />
        <FormSelect
          id="quay-access-show"
          data-testid="quay-access-show"
          aria-label={t("quay.access.show")}
          value={show}
          onChange={(_e, v) => setShow(v as Show)}
          className="rc-qt-field"
        >
          <FormSelectOption value="all" label={t("quay.access.showAll")} />
          <FormSelectOption value="push" label={t("quay.access.showPush")} />
          <FormSelectOption value="admin" label={t("quay.access.showAdmin")} />
        </FormSelect>
        {access.status === "ready" && (
          <span className="rc-count" data-testid="quay-access-count">
            {t("quay.access.count", { shown: shown.length, total: all.length })}
          </span>
        )}
        <Button variant="link" onClick={reload} data-testid="quay-access-reload">
          {t("quay.refresh")}
        </Button>
      </div>
      {access.status === "loading" && <Spinner size="lg" aria-label={t("quay.loading")} />}
      {access.status === "failed" && (
        <QuayErrorAlert
          error={access.error}
          title={failedTitle(access.error, "quay.access.denied", "quay.access.loadFailed")}
          onSignIn={onSignIn}
          onRetry={reload}
        />
      )}
      {access.status === "ready" && (
        <>
          <Table aria-label={t("quay.tab.access")} variant="compact" data-testid="quay-access-table">
            <Thead>
              <Tr>
                <Th width={30}>{t("quay.access.columnSubject")}</Th>
                <Th modifier="fitContent">{t("quay.access.columnPull")}</Th>
                <Th modifier="fitContent">{t("quay.access.columnPush")}</Th>
                <Th modifier="fitContent">{t("quay.access.columnAdmin")}</Th>
                <Th>{t("quay.access.columnThrough")}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {shown.map((e) => (
                <Tr
                  key={`${e.subject.kind}/${subjectName(e)}`}
                  data-testid="quay-access-row"
                  data-name={e.subject.kind === "anyone" ? "*" : e.subject.name}
                  data-kind={e.subject.kind}
                  data-push={e.canPush}
                  data-admin={e.canAdmin}
                >
                  <Td dataLabel={t("quay.access.columnSubject")}>
                    <SubjectName kind={e.subject.kind} name={e.subject.kind === "anyone" ? undefined : e.subject.name} />
                  </Td>
                  <Td dataLabel={t("quay.access.columnPull")}>
                    <Can allowed={e.canPull} />
                  </Td>
                  <Td dataLabel={t("quay.access.columnPush")}>
                    <Can allowed={e.canPush} />
                  </Td>
                  <Td dataLabel={t("quay.access.columnAdmin")}>
                    <Can allowed={e.canAdmin} />
                  </Td>
                  <Td dataLabel={t("quay.access.columnThrough")}>
                    <ul className="rc-qt-sources" data-testid="quay-access-sources">
                      {e.sources.map((s) => (
                        <li key={JSON.stringify(s)} data-source={s.kind}>
                          {sourceText(t, s)}
                        </li>
                      ))}
                    </ul>
                  </Td>
                </Tr>
              ))}
              {!shown.length && (
                <Tr>
                  <Td colSpan={5} data-testid="quay-access-none">
                    {t(all.length ? "quay.access.noMatch" : "quay.access.nobody")}
                  </Td>
                </Tr>
              )}
            </Tbody>
          </Table>
          <Alert isInline isPlain variant="info" className="rc-mt-md" title={t("quay.access.superusers")} />
        </>
      )}
    </>
  );
}

function Can({ allowed }: { allowed: boolean }) {
  const t = useT();
  return (
    <Label isCompact color={allowed ? "green" : "grey"}>
      {t(allowed ? "quay.access.yes" : "quay.access.no")}
    </Label>
  );
}
