import type { CommandError } from "../bindings/CommandError";
import type { ImageDetail } from "../bindings/ImageDetail";
import type { ManifestDetail } from "../bindings/ManifestDetail";
import type { ManifestKind } from "../bindings/ManifestKind";
import type { Platform } from "../bindings/Platform";
import type { TagSummary } from "../bindings/TagSummary";

/** A registry as the fake backend serves it: names, tags, summaries, manifests, refusals. */
export interface FakeRegistry {
  host: string;
  repositories: string[];
  pageSize: number;
  /** "auto" streams the whole catalog by itself; "manual" waits for the test to send events. */
  catalogMode: "auto" | "manual";
  /** "auto" answers `registry_tags` at once; "manual" holds it until `finishTags` or a cancel. */
  tagsMode: "auto" | "manual";
  /** Tags of each repository, in the backend's (version) order; absent = `notFound`. */
  tags: Record<string, string[]>;
  /** By `repo:tag`. */
  summaries: Record<string, TagSummary>;
  /** By `repo@reference` (a tag or a digest). */
  manifests: Record<string, ManifestDetail>;
  /** Failures by `command repo:reference`, e.g. `registry_manifest team/app/web:broken`. */
  failures: Record<string, CommandError>;
  deleteEnabled: boolean;
  /** When set, every registry call needs a sign-in with these credentials first. */
  credentials: { username: string; password: string } | null;
}

/** A recognisable fake digest: `sha256:` and 64 hex digits made of `seed`. */
export const digest = (seed: string) => `sha256:${seed.repeat(64).slice(0, 64)}`;

const MB = 1024 * 1024;
const linux = (architecture: string, variant: string | null = null): Platform => ({ os: "linux", architecture, variant });

export const ALPINE_INDEX = digest("1a");
export const ALPINE_AMD64 = digest("a6");
export const ALPINE_ARM64 = digest("a8");
export const ALPINE_ATTESTATION = digest("f0");
export const ALPINE_319 = digest("19");
export const API_DIGEST = { "v1.0.0": digest("c0"), "v1.1.0": digest("c1"), "v1.2.0": digest("c2") } as const;

function summary(
  tag: string,
  d: string,
  kind: ManifestKind,
  totalSize: number | null,
  created: string | null,
  platforms: Platform[],
): TagSummary {
  const mediaType = {
    dockerV2: "application/vnd.docker.distribution.manifest.v2+json",
    ociManifest: "application/vnd.oci.image.manifest.v1+json",
    ociIndex: "application/vnd.oci.image.index.v1+json",
    dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
    dockerV1: "application/vnd.docker.distribution.manifest.v1+prettyjws",
  }[kind];
  return { tag, digest: d, mediaType, kind, totalSize, created, platforms };
}

export function image(platform: Platform, created: string, layers: number[]): ImageDetail {
  return {
    configDigest: digest(`e${platform.architecture.length}`),
    configSize: 1480,
    created,
    author: "Registry Console tests",
    platform,
    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_ENV=production"],
    entrypoint: ["/docker-entrypoint.sh"],
    cmd: ["/bin/sh"],
    labels: { "org.opencontainers.image.source": "https://github.com/example/app", "maintainer": "ops@example.com" },
    exposedPorts: ["8080/tcp"],
    volumes: ["/data"],
    user: "1001",
    workingDir: "/app",
    history: [
      { created, createdBy: "/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf in / ", comment: null, emptyLayer: false },
      { created, createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', comment: null, emptyLayer: true },
    ],
    layers: layers.map((size, i) => ({
      digest: digest(`${platform.architecture.slice(0, 1)}${i}`),
      mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
      size,
      annotations: {},
    })),
    totalSize: 1480 + layers.reduce((a, b) => a + b, 0),
  };
}

function manifest(
  host: string,
  repository: string,
  reference: string,
  d: string,
  kind: ManifestKind,
  rest: Partial<ManifestDetail>,
): ManifestDetail {
  const byDigest = `${host}/${repository}@${d}`;
  return {
    repository,
    reference,
    digest: d,
    mediaType: summary("", d, kind, null, null, []).mediaType,
    kind,
    annotations: {},
    entries: [],
    image: null,
    raw: JSON.stringify({ schemaVersion: 2, mediaType: kind }, null, 2),
    pull: {
      byTag: reference.startsWith("sha256:") ? null : `${host}/${repository}:${reference}`,
      byDigest,
      dockerPull: `docker pull ${byDigest}`,
      podmanPull: `podman pull ${byDigest}`,
    },
    ...rest,
  };
}

export function sampleRegistry(): FakeRegistry {
  const host = "registry.example.com";
  const alpineIndex = (reference: string) =>
    manifest(host, "library/alpine", reference, ALPINE_INDEX, "ociIndex", {
      annotations: { "org.opencontainers.image.created": "2024-05-22T10:00:00Z" },
      entries: [
        { digest: ALPINE_AMD64, mediaType: "application/vnd.oci.image.manifest.v1+json", size: 481, platform: linux("amd64"), annotations: {} },
        { digest: ALPINE_ARM64, mediaType: "application/vnd.oci.image.manifest.v1+json", size: 481, platform: linux("arm64", "v8"), annotations: {} },
        {
          digest: ALPINE_ATTESTATION,
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          size: 566,
          platform: null,
          annotations: { "vnd.docker.reference.type": "attestation-manifest" },
        },
      ],
    });
  return {
    host,
    repositories: ["library/alpine", "library/busybox", "nginx", "team/app/api", "team/app/web", "team/tools", "empty/repo"],
    pageSize: 3,
    catalogMode: "auto",
    tagsMode: "auto",
    tags: {
      "library/alpine": ["3.19", "3.20", "latest"],
      "library/busybox": ["1.36"],
      nginx: ["1.0"],
      "team/app/api": ["v1.0.0", "v1.1.0", "v1.2.0"],
      "team/app/web": ["broken", "ok"],
      "team/tools": ["dev"],
    },
    summaries: {
      "library/alpine:3.19": summary("3.19", ALPINE_319, "ociManifest", 3.4 * MB, "2024-01-27T00:00:00Z", [linux("amd64")]),
      "library/alpine:3.20": summary("3.20", ALPINE_INDEX, "ociIndex", 3.6 * MB, "2024-05-22T10:00:00Z", [
        linux("amd64"),
        linux("arm64", "v8"),
      ]),
      "library/alpine:latest": summary("latest", ALPINE_INDEX, "ociIndex", 3.6 * MB, "2024-05-22T10:00:00Z", [
        linux("amd64"),
        linux("arm64", "v8"),
      ]),
      "library/busybox:1.36": summary("1.36", digest("b1"), "dockerManifestList", 2.1 * MB, "2023-07-18T00:00:00Z", [linux("amd64")]),
      "nginx:1.0": summary("1.0", digest("d1"), "dockerV1", null, null, [linux("amd64")]),
      "team/app/api:v1.0.0": summary("v1.0.0", API_DIGEST["v1.0.0"], "dockerV2", 512, "2024-01-10T00:00:00Z", [linux("amd64")]),
      "team/app/api:v1.1.0": summary("v1.1.0", API_DIGEST["v1.1.0"], "dockerV2", 152.5 * MB, "2024-06-01T00:00:00Z", [linux("amd64")]),
      "team/app/api:v1.2.0": summary("v1.2.0", API_DIGEST["v1.2.0"], "dockerV2", 1.5 * 1024 * MB, "2024-03-01T00:00:00Z", [linux("amd64")]),
      "team/app/web:ok": summary("ok", digest("0c"), "ociManifest", 20 * MB, "2024-02-01T00:00:00Z", [linux("amd64")]),
      "team/tools:dev": summary("dev", digest("de"), "ociManifest", 9 * MB, "2024-02-01T00:00:00Z", [linux("amd64")]),
    },
    manifests: {
      "library/alpine@latest": alpineIndex("latest"),
      "library/alpine@3.20": alpineIndex("3.20"),
      [`library/alpine@${ALPINE_AMD64}`]: manifest(host, "library/alpine", ALPINE_AMD64, ALPINE_AMD64, "ociManifest", {
        image: image(linux("amd64"), "2024-05-22T10:00:00Z", [3.4 * MB]),
      }),
      [`library/alpine@${ALPINE_ARM64}`]: manifest(host, "library/alpine", ALPINE_ARM64, ALPINE_ARM64, "ociManifest", {
        image: image(linux("arm64", "v8"), "2024-05-22T10:00:00Z", [3.3 * MB]),
      }),
      "team/app/api@v1.2.0": manifest(host, "team/app/api", "v1.2.0", API_DIGEST["v1.2.0"], "dockerV2", {
        image: image(linux("amd64"), "2024-03-01T00:00:00Z", [30 * MB, 1024 * MB, 482 * MB]),
      }),
      "nginx@1.0": manifest(host, "nginx", "1.0", digest("d1"), "dockerV1", {}),
    },
    failures: {
      "registry_tag_summary team/app/web:broken": {
        code: "digestMismatch",
        message: "The manifest of team/app/web:broken does not match its digest.",
        detail: `expected ${digest("0b")}, got ${digest("99")}`,
      },
      "registry_manifest team/app/web:broken": {
        code: "digestMismatch",
        message: "The manifest of team/app/web:broken does not match its digest.",
        detail: `expected ${digest("0b")}, got ${digest("99")}`,
      },
    },
    deleteEnabled: true,
    credentials: null,
  };
}
