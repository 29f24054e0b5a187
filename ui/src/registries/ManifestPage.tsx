import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import {
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  ClipboardCopy,
  CodeBlock,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  ExpandableSection,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  List,
  ListItem,
  Spinner,
  Title,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import type { ImageDetail } from "../bindings/ImageDetail";
import type { ManifestDetail } from "../bindings/ManifestDetail";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { formatAbsolute, toDate } from "../components/Time";
import { isComposing } from "../shortcuts/keys";
import { formatBytes, isIndexKind, MANIFEST_KIND_LABEL, platformLabel, shortDigest } from "./format";
import { RegistryErrorAlert } from "./RegistryErrorAlert";

type Load<T> = { status: "loading" } | { status: "ok"; value: T } | { status: "failed"; error: UiError };

/** Loads one manifest; `reference` null means nothing to load. Reloads when `attempt` changes. */
function useManifest(connectionId: string, repository: string, reference: string | null, attempt: string) {
  const [state, setState] = useState<Load<ManifestDetail> | null>(null);
  const withSignIn = useWithSignIn(connectionId);
  useEffect(() => {
    if (!reference) {
      setState(null);
      return;
    }
    let stale = false;
    setState({ status: "loading" });
    withSignIn("reauth.what.manifest", () => commands.registryManifest(connectionId, repository, reference)).then(
      (value) => !stale && setState({ status: "ok", value }),
      (reason: unknown) => !stale && setState({ status: "failed", error: toUiError(reason) }),
    );
    return () => {
      stale = true;
    };
  }, [connectionId, repository, reference, attempt, withSignIn]);
  return state;
}

/** Where the breadcrumb leads back to. */
export type ManifestBack = "registry" | "repository";

export interface ManifestPageProps {
  connectionId: string;
  /** The connection's name: the breadcrumb's first step. */
  registryName: string;
  repository: string;
  tag: string;
  authEpoch: number;
  onSignIn: () => void;
  /** Back to the registry's repositories, or to this repository's tags (also Esc). */
  onBack: (to: ManifestBack) => void;
}

/**
 * A tag's manifest as a page of the Registries page, under a breadcrumb (registry › repository
 * › tag): what it is, how to pull it, and for an index, the image of a chosen platform. A page,
 * not a dialog, because it is long and a sign-in dialog may have to open over it.
 */
export function ManifestPage({ connectionId, registryName, repository, tag, authEpoch, onSignIn, onBack }: ManifestPageProps) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);

  // The page replaces the list the user was in: the focus moves to its title, as a dialog's would.
  useEffect(() => heading.current?.focus(), []);

  // Esc goes back to the tags, as it closed the dialog this page replaces; not while an input
  // method composes, and not when a control (a select's list) used the key itself.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== "Escape" || event.defaultPrevented || isComposing(event.nativeEvent)) return;
    event.preventDefault();
    onBack("repository");
  };

  return (
    <section className="rc-manifest-page" data-testid="manifest-page" onKeyDown={onKeyDown} aria-labelledby="manifest-detail-title">
      <Breadcrumb className="pf-v6-u-mb-md" aria-label={t("manifest.breadcrumb")} data-testid="manifest-breadcrumb">
        <BreadcrumbItem
          render={({ className }) => (
            <button type="button" className={className} data-testid="breadcrumb-registry" onClick={() => onBack("registry")}>
              {registryName}
            </button>
          )}
        />
        <BreadcrumbItem
          showDivider
          render={({ className }) => (
            <button type="button" className={`${className} rc-mono`} data-testid="breadcrumb-repository" onClick={() => onBack("repository")}>
              {repository}
            </button>
          )}
        />
        <BreadcrumbItem showDivider isActive data-testid="breadcrumb-tag">
          <span className="rc-mono" aria-current="page">{tag}</span>
        </BreadcrumbItem>
      </Breadcrumb>
      <Title headingLevel="h2" size="xl" id="manifest-detail-title" className="rc-mono-title pf-v6-u-mb-md" ref={heading} tabIndex={-1}>
        {`${repository}:${tag}`}
      </Title>
      <div data-testid="manifest-detail">
        <ManifestDetails connectionId={connectionId} repository={repository} tag={tag} authEpoch={authEpoch} onSignIn={onSignIn} />
      </div>
    </section>
  );
}

export interface ManifestDetailsProps {
  connectionId: string;
  repository: string;
  tag: string;
  /** Changes after each sign-in: a manifest refused for want of credentials is asked again. */
  authEpoch: number;
  onSignIn: () => void;
}

/** What a tag's manifest is, how to pull it, and for an index, the image of a chosen platform. */
export function ManifestDetails({ connectionId, repository, tag, authEpoch, onSignIn }: ManifestDetailsProps) {
  const t = useT();
  const [attempt, setAttempt] = useState(0);
  const top = useManifest(connectionId, repository, tag, `${attempt}:${authEpoch}`);
  const manifest = top?.status === "ok" ? top.value : null;
  const entries = manifest && isIndexKind(manifest.kind) ? manifest.entries : [];
  const [platformDigest, setPlatformDigest] = useState<string | null>(null);

  // An index opens on its first platform, as `docker pull` on that platform would.
  useEffect(() => {
    if (!manifest) return;
    const first = manifest.entries.find((e) => e.platform) ?? manifest.entries[0];
    setPlatformDigest(isIndexKind(manifest.kind) && first ? first.digest : null);
  }, [manifest]);

  const child = useManifest(connectionId, repository, platformDigest, `${attempt}:${authEpoch}`);
  const retry = () => setAttempt((n) => n + 1);

  return (
    <>
      {top?.status === "loading" && <Loading label={t("manifest.loading")} />}
      {top?.status === "failed" && (
        <RegistryErrorAlert error={top.error} fallbackTitle="manifest.loadFailed" onSignIn={onSignIn} onRetry={retry} />
      )}
      {manifest && (
        <>
          <DescriptionList isHorizontal isCompact className="pf-v6-u-mb-lg" data-testid="manifest-header">
            <Term label={t("manifest.digest")}>
              <code className="rc-path" data-testid="manifest-digest">{manifest.digest}</code>
            </Term>
            <Term label={t("manifest.mediaType")}>
              <code className="rc-path">{manifest.mediaType}</code>
            </Term>
            <Term label={t("manifest.kind")}>
              <span data-testid="manifest-kind">{t(MANIFEST_KIND_LABEL[manifest.kind])}</span>
            </Term>
          </DescriptionList>

          {manifest.kind === "dockerV1" && (
            <Alert variant="info" isInline title={t("manifest.schema1Title")} className="pf-v6-u-mb-lg" data-testid="schema1-note">
              {t("manifest.schema1Body")}
            </Alert>
          )}

          <Section title={t("manifest.pullTitle")}>
            <div className="rc-pull-specs">
              {manifest.pull.byTag && <Copy label={t("manifest.pullByTag")} value={manifest.pull.byTag} testId="pull-by-tag" />}
              <Copy label={t("manifest.pullByDigest")} value={manifest.pull.byDigest} testId="pull-by-digest" />
              <Copy label="docker pull" value={manifest.pull.dockerPull} testId="pull-docker" />
              <Copy label="podman pull" value={manifest.pull.podmanPull} testId="pull-podman" />
            </div>
          </Section>

          {entries.length > 0 && (
            <Section title={t("manifest.platformsTitle")}>
              <FormGroup label={t("manifest.platform")} fieldId="platform-select" className="rc-platform-select">
                <FormSelect
                  id="platform-select"
                  data-testid="platform-select"
                  value={platformDigest ?? ""}
                  onChange={(_e, value) => setPlatformDigest(value)}
                >
                  {entries.map((e) => (
                    <FormSelectOption
                      key={e.digest}
                      value={e.digest}
                      label={`${e.platform ? platformLabel(e.platform) : t("manifest.artifact")} — ${shortDigest(e.digest)}`}
                    />
                  ))}
                </FormSelect>
              </FormGroup>
              {child?.status === "loading" && <Loading label={t("manifest.loading")} />}
              {child?.status === "failed" && (
                <RegistryErrorAlert
                  error={child.error}
                  fallbackTitle="manifest.loadFailed"
                  onSignIn={onSignIn}
                  onRetry={retry}
                  className="pf-v6-u-mt-md"
                />
              )}
              {child?.status === "ok" && (
                <div className="pf-v6-u-mt-md" data-testid="platform-manifest" data-digest={child.value.digest}>
                  <DescriptionList isHorizontal isCompact className="pf-v6-u-mb-md">
                    <Term label={t("manifest.digest")}>
                      <code className="rc-path">{child.value.digest}</code>
                    </Term>
                    <Term label={t("manifest.kind")}>{t(MANIFEST_KIND_LABEL[child.value.kind])}</Term>
                  </DescriptionList>
                  <Copy label={t("manifest.pullPlatform")} value={child.value.pull.byDigest} testId="pull-platform-digest" />
                </div>
              )}
            </Section>
          )}

          {manifest.image && <ImageSections image={manifest.image} />}
          {child?.status === "ok" && child.value.image && <ImageSections image={child.value.image} />}

          {Object.keys(manifest.annotations).length > 0 && (
            <Section title={t("manifest.annotations")}>
              <KeyValueTable values={manifest.annotations} label={t("manifest.annotations")} />
            </Section>
          )}

          <ExpandableSection toggleText={t("manifest.raw")} className="pf-v6-u-mt-lg" data-testid="raw-manifest">
            <CodeBlock>
              <CodeBlockCode>{manifest.raw}</CodeBlockCode>
            </CodeBlock>
          </ExpandableSection>
        </>
      )}
    </>
  );
}


function ImageSections({ image }: { image: ImageDetail }) {
  const t = useT();
  const created = toDate(image.created);
  const layersSize = image.layers.reduce((sum, l) => sum + l.size, 0);
  const list = (values: string[]) =>
    values.length ? (
      <code className="rc-path">{JSON.stringify(values)}</code>
    ) : (
      <span className="rc-count">—</span>
    );
  const plain = (value: string | null) => (value ? <code className="rc-path">{value}</code> : <span className="rc-count">—</span>);

  return (
    <div data-testid="image-detail">
      <Section title={t("image.title")}>
        <DescriptionList isHorizontal isCompact columnModifier={{ lg: "2Col" }}>
          <Term label={t("image.created")}>{created ? formatAbsolute(created, t.language) : "—"}</Term>
          <Term label={t("image.author")}>{image.author ?? "—"}</Term>
          <Term label={t("image.platform")}>
            <Label isCompact>{platformLabel(image.platform)}</Label>
          </Term>
          <Term label={t("image.size")}>{formatBytes(image.totalSize)}</Term>
          <Term label={t("image.user")}>{plain(image.user)}</Term>
          <Term label={t("image.workingDir")}>{plain(image.workingDir)}</Term>
          <Term label={t("image.entrypoint")}>{list(image.entrypoint)}</Term>
          <Term label={t("image.cmd")}>{list(image.cmd)}</Term>
          <Term label={t("image.exposedPorts")}>
            {image.exposedPorts.length ? image.exposedPorts.map((p) => <Label key={p} isCompact className="rc-gap-right">{p}</Label>) : "—"}
          </Term>
          <Term label={t("image.volumes")}>{image.volumes.length ? list(image.volumes) : "—"}</Term>
          <Term label={t("image.config")}>
            <code className="rc-path">{shortDigest(image.configDigest)}</code> ({formatBytes(image.configSize)})
          </Term>
        </DescriptionList>
      </Section>

      <Section title={t("image.env")}>
        {image.env.length ? (
          <List isPlain className="rc-env" data-testid="image-env">
            {image.env.map((e) => (
              <ListItem key={e}>
                <code className="rc-path">{e}</code>
              </ListItem>
            ))}
          </List>
        ) : (
          <span className="rc-count">{t("image.none")}</span>
        )}
      </Section>

      {Object.keys(image.labels).length > 0 && (
        <Section title={t("image.labels")}>
          <KeyValueTable values={image.labels} label={t("image.labels")} />
        </Section>
      )}

      <Section title={t("image.layers", { count: image.layers.length })}>
        <Table variant="compact" aria-label={t("image.layersLabel")} data-testid="layers-table">
          <Thead>
            <Tr>
              <Th width={10}>#</Th>
              <Th>{t("image.layerDigest")}</Th>
              <Th>{t("image.layerMediaType")}</Th>
              <Th width={15} textCenter={false}>
                {t("image.layerSize")}
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {image.layers.map((layer, i) => (
              <Tr key={`${layer.digest}-${i}`} data-testid="layer-row">
                <Td>{i + 1}</Td>
                <Td>
                  <code title={layer.digest}>{shortDigest(layer.digest)}</code>
                </Td>
                <Td modifier="breakWord">
                  <code className="rc-small">{layer.mediaType}</code>
                </Td>
                <Td>{formatBytes(layer.size)}</Td>
              </Tr>
            ))}
            <Tr className="rc-total-row">
              <Td colSpan={3}>
                <strong>{t("image.layersTotal")}</strong>
              </Td>
              <Td data-testid="layers-total">
                <strong>{formatBytes(layersSize)}</strong>
              </Td>
            </Tr>
          </Tbody>
        </Table>
      </Section>

      {image.history.length > 0 && (
        <Section title={t("image.history")}>
          <Table variant="compact" aria-label={t("image.history")} data-testid="history-table">
            <Thead>
              <Tr>
                <Th width={20}>{t("image.historyCreated")}</Th>
                <Th>{t("image.historyCreatedBy")}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {image.history.map((h, i) => {
                const when = toDate(h.created);
                return (
                  <Tr key={i}>
                    <Td>{when ? formatAbsolute(when, t.language) : "—"}</Td>
                    <Td modifier="breakWord">
                      <code className="rc-small">{h.createdBy ?? ""}</code>
                      {h.emptyLayer && (
                        <Label isCompact color="grey" className="rc-gap-left">
                          {t("image.emptyLayer")}
                        </Label>
                      )}
                      {h.comment && <div className="rc-count">{h.comment}</div>}
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        </Section>
      )}
    </div>
  );
}

function KeyValueTable({ values, label }: { values: Record<string, string>; label: string }) {
  const t = useT();
  return (
    <Table variant="compact" aria-label={label}>
      <Thead>
        <Tr>
          <Th width={40}>{t("image.key")}</Th>
          <Th>{t("image.value")}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {Object.entries(values).map(([k, v]) => (
          <Tr key={k}>
            <Td modifier="breakWord">
              <code className="rc-small">{k}</code>
            </Td>
            <Td modifier="breakWord">{v}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rc-section">
      <Title headingLevel="h3" size="md" className="pf-v6-u-mb-sm">
        {title}
      </Title>
      {children}
    </section>
  );
}

function Term({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{label}</DescriptionListTerm>
      <DescriptionListDescription>{children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

function Copy({ label, value, testId }: { label: string; value: string; testId: string }) {
  const t = useT();
  return (
    <div className="rc-copy-field">
      <span className="rc-copy-label">{label}</span>
      <ClipboardCopy
        isReadOnly
        hoverTip={t("copy.copy")}
        clickTip={t("copy.copied")}
        data-testid={testId}
        textAriaLabel={label}
        toggleAriaLabel={label}
      >
        {value}
      </ClipboardCopy>
    </div>
  );
}

function Loading({ label }: { label: string }) {
  return (
    <div className="rc-inline-status">
      <Spinner size="md" aria-label={label} /> {label}
    </div>
  );
}
