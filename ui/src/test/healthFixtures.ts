import type { CommandError } from "../bindings/CommandError";
import type { HealthReport } from "../bindings/HealthReport";
import type { KeptIn } from "../bindings/KeptIn";
import type { MetricsPoint } from "../bindings/MetricsPoint";
import type { MetricsSeries } from "../bindings/MetricsSeries";
import type { MetricsSource } from "../bindings/MetricsSource";
import type { SettingsState } from "../bindings/SettingsState";
import { PASS } from "./clusterRegistryFixtures";

/** What the Health and Metrics commands answer in the fake backend. */
export interface FakeHealth {
  /** The storage driver check fails (as a registry whose storage root is unusable). */
  storageFailing: boolean;
  /** The OpenShift registry's metrics secret. */
  metricsSecret: string;
  /** Saved metrics secrets by connection id. Never sent back to the UI. */
  secrets: Map<string, { secret: string; keptIn: KeptIn }>;
  /** Scrapes read so far, by `connectionId source`. */
  scrapes: Map<string, number>;
}

export const sampleHealth = (): FakeHealth => ({
  storageFailing: false,
  metricsSecret: "s3cr3t",
  secrets: new Map(),
  scrapes: new Map(),
});

export const HEALTH_COMMANDS = new Set([
  "registry_health",
  "registry_set_debug_address",
  "registry_metrics",
  "registry_metrics_secret_kept",
  "registry_metrics_secret_save",
  "registry_metrics_secret_forget",
]);

function report(health: FakeHealth, url: string, debugAddress: string | null): HealthReport {
  const failing = health.storageFailing;
  return {
    v2: {
      url: `${url}/v2/`,
      status: failing ? 503 : 401,
      apiVersion: "registry/2.0",
      authScheme: failing ? null : "Bearer",
      realm: failing ? null : "https://auth.example.com/token",
      service: failing ? null : "registry.example.com",
      roundTripMs: 12,
      registryError: failing ? "UNAVAILABLE: service unavailable (health check failed: please see /debug/health)" : null,
    },
    v2Failure: null,
    healthz: null,
    healthzFailure: { kind: "notOffered", message: `${url}/healthz is not offered by this server (HTTP 404)` },
    debugAddress,
    debug: debugAddress
      ? {
          url: `${debugAddress}debug/health`,
          status: failing ? 503 : 200,
          healthy: !failing,
          checks: failing ? [{ name: "storagedriver_filesystem", error: "filesystem: stat /var/lib/registry: not a directory" }] : [],
          moreChecks: false,
          roundTripMs: 3,
        }
      : null,
    debugFailure: null,
  };
}

/** A point whose numbers grow with the scrape number, so charts move from one to the next. */
function point(n: number): MetricsPoint {
  return {
    atMs: Date.UTC(2026, 0, 1, 12, 0, 0) + n * 5000,
    intervalSeconds: 5,
    restarted: false,
    requestRates: [
      { method: "GET", code: "200", perSecond: 2 + n },
      { method: "HEAD", code: "404", perSecond: 0.4 },
    ],
    totalPerSecond: 2.4 + n,
    p50Ms: 3,
    p95Ms: 9,
    p99Ms: 20 + n,
    storage: [{ driver: "filesystem", action: "Stat", meanMs: 0.2, perSecond: 4 }],
    cacheHitRatio: 0.75,
    bytesInPerSecond: 120,
    bytesOutPerSecond: 4096 * (n + 1),
  };
}

const refusal = (message: string): CommandError => ({ code: "metricsSecretRequired", message, detail: null });

/** Answers the Health and Metrics commands; `PASS` for any other. */
export function handleHealth(
  health: FakeHealth,
  state: SettingsState,
  cmd: string,
  args: Record<string, unknown> | undefined,
): unknown {
  if (!HEALTH_COMMANDS.has(cmd)) return PASS;
  const id = String(args?.connectionId);
  const connection = state.settings.connections.find((c) => c.id === id);
  if (!connection) throw { code: "notFound", message: `No connection ${id}.`, detail: null } satisfies CommandError;
  const addresses = (state.settings.debugAddresses ??= {});
  switch (cmd) {
    case "registry_health":
      return report(health, connection.url, addresses[id] ?? null);
    case "registry_set_debug_address": {
      const raw = (args?.address as string | null)?.trim() ?? "";
      if (raw === "") {
        delete addresses[id];
        return null;
      }
      if (raw.includes("/") && !raw.includes("://")) {
        throw {
          code: "invalidInput",
          message: `The debug address "${raw}" cannot be used: give the host and port only (the paths /debug/health and /metrics are added).`,
          detail: null,
        } satisfies CommandError;
      }
      const saved = `${raw.includes("://") ? raw : `http://${raw}`}/`;
      addresses[id] = saved;
      return saved;
    }
    case "registry_metrics": {
      const source = args?.source as MetricsSource;
      let url: string;
      if (source === "debug") {
        const debug = addresses[id];
        if (!debug) throw { code: "invalidInput", message: "No debug address is saved for this connection.", detail: null } satisfies CommandError;
        url = `${debug}metrics`;
      } else {
        url = `${connection.url}/extensions/v2/metrics`;
        const saved = health.secrets.get(id);
        if (!saved) throw refusal(`${url} needs the registry's metrics secret, and none is saved for this connection.`);
        if (saved.secret !== health.metricsSecret) throw refusal(`${url} refused the metrics secret (HTTP 401).`);
      }
      const key = `${id} ${source}`;
      const scrapes = (health.scrapes.get(key) ?? 0) + 1;
      health.scrapes.set(key, scrapes);
      const series: MetricsSeries = {
        source,
        url,
        scrapes,
        points: Array.from({ length: scrapes - 1 }, (_, i) => point(i)),
        raw: [
          { name: "registry_http_requests_total", labels: '{code="200",handler="base",method="get"}', value: String(10 * scrapes) },
          { name: "registry_storage_action_seconds_count", labels: '{action="Stat",driver="filesystem"}', value: "7" },
          { name: "go_goroutines", labels: "", value: "31" },
        ],
        rawCut: false,
        noRegistrySeries: false,
      };
      return series;
    }
    case "registry_metrics_secret_kept":
      return health.secrets.get(id)?.keptIn ?? null;
    case "registry_metrics_secret_save":
      health.secrets.set(id, { secret: String(args?.secret), keptIn: args?.keptIn as KeptIn });
      health.scrapes.delete(`${id} openShift`);
      return null;
    case "registry_metrics_secret_forget":
      health.secrets.delete(id);
      return null;
    default:
      return PASS;
  }
}
