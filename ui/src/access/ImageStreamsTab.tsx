import { useMemo, useState } from "react";
import { Button, Spinner } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import { useT } from "../i18n/i18n";
import { CopyButton } from "../components/CopyButton";
import { matches, type TabProps } from "./AccessPage";
import { ClusterErrorAlert } from "./ClusterErrorAlert";
import { FilterToolbar } from "../components/FilterToolbar";
import { useLoad } from "../hooks/useLoad";

export function ImageStreamsTab({
  connectionId,
  project,
  onSignIn,
  onOpenClusterRegistry,
}: TabProps & { onOpenClusterRegistry?: () => void }) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [streams, reload] = useLoad(
    () => withSignIn("reauth.what.imageStreams", () => commands.clusterImageStreams(connectionId, project)),
    [connectionId, project, withSignIn],
  );
  const [filter, setFilter] = useState("");
  const rows = useMemo(
    () =>
      streams.status === "ready"
        ? streams.value.flatMap((s) => s.tags.map((tag) => ({ stream: s.name, ...tag }))).filter((r) => matches(filter, r.stream, r.tag, r.image))
        : [],
    [streams, filter],
  );
  const total = streams.status === "ready" ? streams.value.reduce((n, s) => n + s.tags.length, 0) : 0;
  const spec = (value: string | null, label: string) =>
    value ? (
      <span className="rc-pullspec">
        <code className="rc-mono rc-small">{value}</code>
        <CopyButton text={value} label={label} />
      </span>
    ) : (
      <span className="rc-subtle">{t("access.streams.notExposed")}</span>
    );
  return (
    <>
      <FilterToolbar
        testId="streams-filter"
        label={t("access.streams.filter")}
        filter={filter}
        onFilter={setFilter}
        count={streams.status === "ready" ? t("access.count", { shown: rows.length, total }) : null}
      >
        {onOpenClusterRegistry && (
          <Button variant="secondary" data-testid="open-cluster-registry" onClick={onOpenClusterRegistry}>
            {t("clusterRegistry.open")}
          </Button>
        )}
      </FilterToolbar>
      {streams.status === "loading" && <Spinner size="lg" aria-label={t("app.loading")} />}
      {streams.status === "failed" && (
        <ClusterErrorAlert error={streams.error} title="access.streams.loadFailed" onSignIn={onSignIn} onRetry={reload} />
      )}
      {streams.status === "ready" && (
        <Table variant="compact" aria-label={t("access.tab.imageStreams")} data-testid="streams-table">
          <Thead>
            <Tr>
              <Th width={20}>{t("access.streams.tag")}</Th>
              <Th width={40}>{t("access.streams.internal")}</Th>
              <Th width={40}>{t("access.streams.external")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((r) => (
              <Tr key={`${r.stream}:${r.tag}`} data-testid="stream-row">
                <Td>
                  <span className="rc-mono">
                    {r.stream}:{r.tag}
                  </span>
                  {r.image && <div className="rc-subtle rc-mono rc-small">{r.image.slice(0, 19)}…</div>}
                </Td>
                <Td>{spec(r.internalPullSpec, t("access.streams.copyInternal"))}</Td>
                <Td>{spec(r.externalPullSpec, t("access.streams.copyExternal"))}</Td>
              </Tr>
            ))}
            {!rows.length && (
              <Tr>
                <Td colSpan={3}>{t(total ? "access.noMatch" : "access.streams.none")}</Td>
              </Tr>
            )}
          </Tbody>
        </Table>
      )}
    </>
  );
}
