import type { ManifestKind } from "../bindings/ManifestKind";
import type { Platform } from "../bindings/Platform";
import type { MessageKey } from "../i18n/en";

/** Words for each manifest kind, as the registry documents name them. */
export const MANIFEST_KIND_LABEL: Record<ManifestKind, MessageKey> = {
  dockerV2: "manifestKind.dockerV2",
  ociManifest: "manifestKind.ociManifest",
  ociIndex: "manifestKind.ociIndex",
  dockerManifestList: "manifestKind.dockerManifestList",
  dockerV1: "manifestKind.dockerV1",
};

export function isIndexKind(kind: ManifestKind): boolean {
  return kind === "ociIndex" || kind === "dockerManifestList";
}

const UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/** 1024-based sizes, as `docker images` and Quay show them: `512 B`, `3.4 MiB`, `1.2 GiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value >= 100 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, "");
  return `${shown} ${UNITS[unit]}`;
}

/** `sha256:` plus the first 12 hex digits: what `docker images --digests` users recognise. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(":");
  if (colon < 0) return digest.slice(0, 12);
  return `${digest.slice(0, colon)}:${digest.slice(colon + 1, colon + 13)}`;
}

/** `linux/amd64`, `linux/arm64/v8`: the form `--platform` takes. */
export function platformLabel(platform: Platform): string {
  const base = `${platform.os}/${platform.architecture}`;
  return platform.variant ? `${base}/${platform.variant}` : base;
}

// The times are formatted in one place for every page (components/Time.tsx); these names stay
// for the pages that import them from here.
export { formatRelative as relativeTime, formatAbsolute as exactTime } from "../components/Time";

/** An RFC 3339 time from the backend, or null when absent or unreadable. */
export function parseTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
