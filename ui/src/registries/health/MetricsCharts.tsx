// The Metrics tab's charts, in a module of their own so that `React.lazy` loads PatternFly's
// Victory-based chart components only when the tab is first opened.
import { Card, CardBody, CardTitle } from "@patternfly/react-core";
import { Chart, ChartAxis, ChartGroup, ChartLine, ChartThemeColor, ChartVoronoiContainer } from "@patternfly/react-charts/victory";
import type { MetricsPoint } from "../../bindings/MetricsPoint";
import { useT, type Translate } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/en";

/** The most lines drawn in one chart: the busiest ones. */
const MAX_LINES = 8;

interface Line {
  name: string;
  points: { x: Date; y: number }[];
}

function time(t: Translate, x: Date): string {
  return x.toLocaleTimeString(t.language, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function number(t: Translate, y: number): string {
  return y.toLocaleString(t.language, { maximumFractionDigits: y < 10 ? 2 : 0 });
}

/** Lines named by `key`, from each point's `values`; the busiest [`MAX_LINES`] kept. */
function linesBy(points: MetricsPoint[], values: (p: MetricsPoint) => [string, number | null][]): Line[] {
  const byName = new Map<string, Line>();
  for (const p of points) {
    for (const [name, y] of values(p)) {
      if (y === null || !Number.isFinite(y)) continue;
      let line = byName.get(name);
      if (!line) {
        line = { name, points: [] };
        byName.set(name, line);
      }
      line.points.push({ x: new Date(p.atMs), y });
    }
  }
  const total = (l: Line) => l.points.reduce((s, d) => s + d.y, 0);
  return [...byName.values()].sort((a, b) => total(b) - total(a)).slice(0, MAX_LINES);
}

function LineChart({ title, lines, testId, unit }: { title: MessageKey; lines: Line[]; testId: string; unit?: string }) {
  const t = useT();
  const empty = lines.every((l) => l.points.length === 0);
  return (
    <Card isCompact className="rc-metrics-chart" data-testid={testId}>
      <CardTitle>{t(title)}</CardTitle>
      <CardBody>
        {empty ? (
          <p className="rc-count" data-testid={`${testId}-empty`}>
            {t("metrics.noData")}
          </p>
        ) : (
          <div style={{ height: 230 }} data-testid={`${testId}-svg`} data-lines={lines.length} data-points={lines.reduce((n, l) => n + l.points.length, 0)}>
            <Chart
              ariaTitle={t(title)}
              containerComponent={
                <ChartVoronoiContainer
                  labels={({ datum }: { datum: { childName?: string; x: Date; y: number } }) =>
                    `${datum.childName ?? ""}: ${number(t, datum.y)}${unit ?? ""} (${time(t, datum.x)})`
                  }
                  constrainToVisibleArea
                />
              }
              legendData={lines.map((l) => ({ name: l.name }))}
              legendPosition="bottom"
              height={230}
              width={560}
              padding={{ bottom: 75, left: 60, right: 20, top: 10 }}
              scale={{ x: "time", y: "linear" }}
              themeColor={ChartThemeColor.multiOrdered}
            >
              <ChartAxis tickFormat={(x: Date) => time(t, new Date(x))} fixLabelOverlap />
              <ChartAxis dependentAxis showGrid tickFormat={(y: number) => number(t, y)} />
              <ChartGroup>
                {lines.map((l) => (
                  <ChartLine key={l.name} name={l.name} data={l.points} />
                ))}
              </ChartGroup>
            </Chart>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

/** Requests per second, latency percentiles, storage actions, cache hit ratio, bytes per second. */
export default function MetricsCharts({ points }: { points: MetricsPoint[] }) {
  const t = useT();
  const requests = linesBy(points, (p) => p.requestRates.map((r) => [`${r.method} ${r.code}`, r.perSecond]));
  const latency = linesBy(points, (p) => [
    ["p50", p.p50Ms],
    ["p95", p.p95Ms],
    ["p99", p.p99Ms],
  ]);
  const storage = linesBy(points, (p) => p.storage.map((s) => [`${s.driver} ${s.action}`, s.meanMs]));
  const cacheExported = points.some((p) => p.cacheHitRatio !== null);
  const cache = linesBy(points, (p) => [["hit %", p.cacheHitRatio === null ? null : p.cacheHitRatio * 100]]);
  const bytesExported = points.some((p) => p.bytesInPerSecond !== null || p.bytesOutPerSecond !== null);
  const bytes = linesBy(points, (p) => [
    [t("metrics.bytesIn"), p.bytesInPerSecond],
    [t("metrics.bytesOut"), p.bytesOutPerSecond],
  ]);
  return (
    <div className="rc-metrics-charts" data-testid="metrics-charts">
      <LineChart title="metrics.chart.requests" lines={requests} testId="chart-requests" unit="/s" />
      <LineChart title="metrics.chart.latency" lines={latency} testId="chart-latency" unit=" ms" />
      <LineChart title="metrics.chart.storage" lines={storage} testId="chart-storage" unit=" ms" />
      {cacheExported ? (
        <LineChart title="metrics.chart.cache" lines={cache} testId="chart-cache" unit="%" />
      ) : (
        <Card isCompact className="rc-metrics-chart" data-testid="chart-cache">
          <CardTitle>{t("metrics.chart.cache")}</CardTitle>
          <CardBody className="rc-count">{t("metrics.notExported")}</CardBody>
        </Card>
      )}
      {bytesExported ? (
        <LineChart title="metrics.chart.bytes" lines={bytes} testId="chart-bytes" unit=" B/s" />
      ) : (
        <Card isCompact className="rc-metrics-chart" data-testid="chart-bytes">
          <CardTitle>{t("metrics.chart.bytes")}</CardTitle>
          <CardBody className="rc-count">{t("metrics.notExported")}</CardBody>
        </Card>
      )}
    </div>
  );
}
