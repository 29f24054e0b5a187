import { useCallback, useEffect, useMemo, useState } from "react";
import { Label, SearchInput, Spinner, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import type { Repository } from "../bindings/Repository";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { matches } from "../access/AccessPage";
import { exactTime, relativeTime } from "../registries/format";
import type { QuayTabProps } from "./QuayPage";
import { QuayErrorAlert } from "./QuayErrorAlert";

type Loaded = { status: "loading" } | { status: "failed"; error: UiError } | { status: "ready"; value: Repository[] };

/** An organization's repositories: name, visibility and when each last changed. */
export function RepositoriesTab({ connectionId, organization, onSignIn }: QuayTabProps) {
  const t = useT();
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });
  const [filter, setFilter] = useState("");

  const load = useCallback(async () => {
    setLoaded({ status: "loading" });
    try {
      setLoaded({ status: "ready", value: await commands.quayRepositories(connectionId, organization) });
    } catch (reason) {
      setLoaded({ status: "failed", error: toUiError(reason) });
    }
  }, [connectionId, organization]);
  useEffect(() => void load(), [load]);

  const shown = useMemo(
    () => (loaded.status === "ready" ? loaded.value.filter((r) => matches(filter, r.name, r.description)) : []),
    [loaded, filter],
  );

  if (loaded.status === "loading") return <Spinner size="lg" aria-label={t("quay.loading")} />;
  if (loaded.status === "failed")
    return <QuayErrorAlert error={loaded.error} title="quay.error.load" onSignIn={onSignIn} onRetry={() => void load()} />;

  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <SearchInput
              data-testid="quay-repo-filter"
              aria-label={t("quay.repos.filter")}
              placeholder={t("quay.repos.filter")}
              value={filter}
              onChange={(_e, v) => setFilter(v)}
              onClear={() => setFilter("")}
            />
          </ToolbarItem>
          <ToolbarItem>
            <span className="rc-count" data-testid="quay-repo-count">
              {t("quay.repos.count", { shown: shown.length, total: loaded.value.length })}
            </span>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {loaded.value.length === 0 ? (
        <p data-testid="quay-repos-none">{t("quay.repos.none")}</p>
      ) : (
        <Table aria-label={t("quay.tab.repositories")} variant="compact" data-testid="quay-repos">
          <Thead>
            <Tr>
              <Th>{t("quay.repos.columnName")}</Th>
              <Th>{t("quay.repos.columnVisibility")}</Th>
              <Th>{t("quay.repos.columnModified")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {shown.map((r) => {
              const modified = r.lastModified ? new Date(r.lastModified * 1000) : null;
              return (
                <Tr key={r.name} data-testid="quay-repo-row" data-name={r.name}>
                  <Td dataLabel={t("quay.repos.columnName")}>
                    <strong>
                      {r.namespace}/{r.name}
                    </strong>
                    {r.description && <div className="rc-detail">{r.description}</div>}
                  </Td>
                  <Td dataLabel={t("quay.repos.columnVisibility")}>
                    <Label color={r.isPublic ? "orange" : "grey"} data-testid="quay-repo-visibility">
                      {r.isPublic ? t("quay.repos.public") : t("quay.repos.private")}
                    </Label>
                  </Td>
                  <Td dataLabel={t("quay.repos.columnModified")}>
                    {modified ? <span title={exactTime(modified, t.language)}>{relativeTime(modified, t.language)}</span> : t("quay.repos.never")}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
    </>
  );
}
