import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Alert,
  Button,
  Form,
  FormGroup,
  Spinner,
  TextInput,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { FilterInput } from "../../components/FilterToolbar";
import { PauseIcon, PlayIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../../bindings/commands";
import type { KeptIn } from "../../bindings/KeptIn";
import type { MetricsSeries } from "../../bindings/MetricsSeries";
import type { MetricsSource } from "../../bindings/MetricsSource";
import { toUiError, type UiError } from "../../errors";
import { useT } from "../../i18n/i18n";
import { RegistryErrorAlert } from "../RegistryErrorAlert";
import "./health.css";

// The charts (PatternFly's Victory-based components) are the biggest part of this tab: loaded
// only when the tab is first opened, so the app's start is not slowed by them.
const MetricsCharts = lazy(() => import("./MetricsCharts"));

/** Refresh intervals offered, in seconds. */
export const INTERVALS = [5, 10, 30] as const;
/** The most rows of the raw list drawn at once (the filter narrows the rest). */
const MAX_RAW_ROWS = 500;

export interface MetricsTabProps {
  connectionId: string;
  debugAddress: string | null;
}

/** Metrics of the chosen registry, scraped every N seconds while the tab is open. */
export function MetricsTab({ connectionId, debugAddress }: MetricsTabProps) {
  const t = useT();
  const [source, setSource] = useState<MetricsSource>(debugAddress ? "debug" : "openShift");
  const [interval, setIntervalSeconds] = useState<number>(5);
  const [paused, setPaused] = useState(false);
  const [series, setSeries] = useState<MetricsSeries | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [keptIn, setKeptIn] = useState<KeptIn | null>(null);
  const [showRaw, setShowRaw] = useState(false);
  const [filter, setFilter] = useState("");
  // Bumped to scrape again now (a saved secret, a new source).
  const [epoch, setEpoch] = useState(0);
  const busy = useRef(false);

  const scrape = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      const next = await commands.registryMetrics(connectionId, source);
      setSeries(next);
      setError(null);
    } catch (reason) {
      setError(toUiError(reason));
    } finally {
      busy.current = false;
    }
  }, [connectionId, source]);

  useEffect(() => {
    setSeries(null);
    setError(null);
  }, [source]);

  useEffect(() => {
    if (source !== "openShift") return;
    commands.registryMetricsSecretKept(connectionId).then(setKeptIn, () => setKeptIn(null));
  }, [connectionId, source, epoch]);

  useEffect(() => {
    if (source === "debug" && !debugAddress) return;
    void scrape();
    if (paused) return;
    const timer = window.setInterval(() => void scrape(), interval * 1000);
    return () => window.clearInterval(timer);
  }, [scrape, interval, paused, source, debugAddress, epoch]);

  const needsSecret = source === "openShift" && error?.code === "metricsSecretRequired";

  return (
    <div className="rc-metrics" data-testid="metrics-tab">
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <ToggleGroup aria-label={t("metrics.source")}>
              <ToggleGroupItem
                text={t("metrics.source.debug")}
                buttonId="metrics-source-debug"
                data-testid="metrics-source-debug"
                isSelected={source === "debug"}
                onChange={() => setSource("debug")}
              />
              <ToggleGroupItem
                text={t("metrics.source.openShift")}
                buttonId="metrics-source-openshift"
                data-testid="metrics-source-openshift"
                isSelected={source === "openShift"}
                onChange={() => setSource("openShift")}
              />
            </ToggleGroup>
          </ToolbarItem>
          <ToolbarItem alignSelf="center">{t("metrics.refresh")}</ToolbarItem>
          <ToolbarItem>
            <ToggleGroup aria-label={t("metrics.refresh")}>
              {INTERVALS.map((s) => (
                <ToggleGroupItem
                  key={s}
                  text={t("metrics.seconds", { count: String(s) })}
                  buttonId={`metrics-interval-${s}`}
                  data-testid={`metrics-interval-${s}`}
                  isSelected={interval === s}
                  onChange={() => setIntervalSeconds(s)}
                />
              ))}
            </ToggleGroup>
          </ToolbarItem>
          <ToolbarItem>
            <Button
              variant="secondary"
              icon={paused ? <PlayIcon /> : <PauseIcon />}
              onClick={() => setPaused((p) => !p)}
              data-testid="metrics-pause"
              aria-pressed={paused}
            >
              {paused ? t("metrics.resume") : t("metrics.pause")}
            </Button>
          </ToolbarItem>
          {series && (
            <ToolbarItem alignSelf="center">
              <span className="rc-count" data-testid="metrics-scrapes">
                {paused ? `${t("metrics.paused")} · ` : ""}
                {t("metrics.scrapes", { count: String(series.scrapes), url: series.url })}
              </span>
            </ToolbarItem>
          )}
        </ToolbarContent>
      </Toolbar>

      {source === "debug" && !debugAddress && <Alert isInline variant="info" title={t("metrics.needDebugAddress")} data-testid="metrics-need-debug" />}
      {needsSecret ? (
        <MetricsSecretForm
          connectionId={connectionId}
          refused={keptIn !== null}
          onSaved={() => {
            setError(null);
            setEpoch((n) => n + 1);
          }}
        />
      ) : (
        error && <RegistryErrorAlert error={error} fallbackTitle="metrics.loadFailed" onRetry={() => void scrape()} />
      )}
      {source === "openShift" && keptIn && !needsSecret && (
        <p className="rc-count" data-testid="metrics-secret-kept">
          {t(keptIn === "keyring" ? "metrics.secret.kept" : "metrics.secret.keptSession")}{" "}
          <Button
            variant="link"
            isInline
            data-testid="metrics-secret-forget"
            onClick={() => commands.registryMetricsSecretForget(connectionId).then(() => setEpoch((n) => n + 1), (e) => setError(toUiError(e)))}
          >
            {t("metrics.secret.forget")}
          </Button>
        </p>
      )}

      {series && (
        <>
          {series.points.some((p) => p.restarted) && <Alert isInline isPlain variant="warning" title={t("metrics.restarted")} data-testid="metrics-restarted" />}
          {series.noRegistrySeries && <Alert isInline isPlain variant="warning" title={t("metrics.noRegistrySeries")} />}
          {series.points.length === 0 ? (
            <p data-testid="metrics-waiting">
              <Spinner size="sm" aria-hidden /> {t("metrics.waiting")}
            </p>
          ) : (
            <Suspense fallback={<Spinner aria-label={t("app.loading")} />}>
              <MetricsCharts points={series.points} />
            </Suspense>
          )}
          <Button variant="link" onClick={() => setShowRaw((v) => !v)} data-testid="metrics-raw-toggle">
            {showRaw ? t("metrics.rawHide") : t("metrics.raw")}
          </Button>
          {showRaw && <RawMetrics series={series} filter={filter} onFilter={setFilter} />}
        </>
      )}
    </div>
  );
}

function RawMetrics({ series, filter, onFilter }: { series: MetricsSeries; filter: string; onFilter: (v: string) => void }) {
  const t = useT();
  const matching = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f === "" ? series.raw : series.raw.filter((r) => r.name.toLowerCase().includes(f) || r.labels.toLowerCase().includes(f));
  }, [series.raw, filter]);
  return (
    <div data-testid="metrics-raw">
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <FilterInput testId="metrics-raw-filter" label={t("metrics.rawFilter")} filter={filter} onFilter={onFilter} />
          </ToolbarItem>
          <ToolbarItem alignSelf="center">
            <span className="rc-count" data-testid="metrics-raw-count">
              {t("metrics.rawCount", { shown: String(Math.min(matching.length, MAX_RAW_ROWS)), total: String(series.raw.length) })}
            </span>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {series.rawCut && <p className="rc-count">{t("metrics.rawCut")}</p>}
      <Table variant="compact" aria-label={t("metrics.raw")}>
        <Thead>
          <Tr>
            <Th>{t("metrics.name")}</Th>
            <Th>{t("metrics.labels")}</Th>
            <Th>{t("metrics.value")}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {matching.slice(0, MAX_RAW_ROWS).map((r, i) => (
            <Tr key={`${r.name}${r.labels}${i}`}>
              <Td>
                <code>{r.name}</code>
              </Td>
              <Td>
                <code>{r.labels}</code>
              </Td>
              <Td>{r.value}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </div>
  );
}

/** Asks once for the OpenShift registry's metrics secret and keeps it in the OS keyring. */
function MetricsSecretForm({ connectionId, refused, onSaved }: { connectionId: string; refused: boolean; onSaved: () => void }) {
  const t = useT();
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<UiError | null>(null);
  const save = async (keptIn: KeptIn) => {
    setError(null);
    try {
      await commands.registryMetricsSecretSave(connectionId, secret, keptIn);
      setSecret("");
      onSaved();
    } catch (reason) {
      setError(toUiError(reason));
    }
  };
  return (
    <Form
      className="rc-metrics-secret"
      data-testid="metrics-secret-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save("keyring");
      }}
    >
      <Alert isInline variant={refused ? "danger" : "info"} title={refused ? t("metrics.secret.refused") : t("metrics.secret.title")}>
        {t("metrics.secret.body")}
      </Alert>
      <FormGroup label={t("metrics.secret.label")} fieldId="metrics-secret" isRequired>
        <TextInput id="metrics-secret" type="password" value={secret} onChange={(_e, v) => setSecret(v)} data-testid="metrics-secret" autoComplete="off" />
      </FormGroup>
      {error && <RegistryErrorAlert error={error} fallbackTitle="metrics.secret.saveFailed" />}
      <div>
        <Button type="submit" variant="primary" isDisabled={secret === ""} data-testid="metrics-secret-save">
          {t("metrics.secret.save")}
        </Button>{" "}
        {error?.code === "keyringUnavailable" && (
          <Button variant="secondary" onClick={() => void save("session")} data-testid="metrics-secret-session">
            {t("metrics.secret.keepForSession")}
          </Button>
        )}
      </div>
    </Form>
  );
}
