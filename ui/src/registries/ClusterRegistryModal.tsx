import { useEffect, useMemo, useState } from "react";
import {
  Alert,
  Button,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  FormSelect,
  FormSelectOption,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Spinner,
  Title,
} from "@patternfly/react-core";
import { CheckCircleIcon, ExclamationTriangleIcon, MinusCircleIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { OpenedClusterRegistry } from "../bindings/OpenedClusterRegistry";
import type { RegistryHost } from "../bindings/RegistryHost";
import type { RegistryInfo } from "../bindings/RegistryInfo";
import type { RegistryLookup } from "../bindings/RegistryLookup";
import { toUiError, type UiError } from "../errors";
import { useT, type Translate } from "../i18n/i18n";
import { useReauth } from "../signin/Reauth";
import { ClusterErrorAlert } from "../access/ClusterErrorAlert";
import { CopyButton } from "../components/CopyButton";

/** What an administrator runs to expose the registry: OpenShift 4, then 3.x (seed 002). */
export const EXPOSE_4X = `oc patch configs.imageregistry.operator.openshift.io/cluster --type merge -p '{"spec":{"defaultRoute":true}}'`;
export const EXPOSE_3X = "oc create route passthrough --service docker-registry -n default";

/** The hosts "Open" may use: external and over TLS (the backend refuses any other). */
export const usableHosts = (info: RegistryInfo): RegistryHost[] => {
  const seen = new Set<string>();
  return info.hosts.filter((h) => h.external && h.tls && !seen.has(h.host) && (seen.add(h.host), true));
};

/** One place looked at, in words: "route default-route in openshift-image-registry". */
export function placeOf(lookup: RegistryLookup, t: Translate): string {
  const path = lookup.request.replace(/^GET /, "");
  if (path.includes("/images/cluster")) return t("clusterRegistry.place.imageConfig");
  const route = /\/namespaces\/([^/]+)\/routes\/([^/?]+)/.exec(path);
  if (route) return t("clusterRegistry.place.route", { namespace: route[1]!, name: route[2]! });
  const streams = /\/namespaces\/([^/]+)\/imagestreams/.exec(path);
  if (streams) return t("clusterRegistry.place.imageStreams", { namespace: streams[1]! });
  return t("clusterRegistry.place.other", { request: lookup.request });
}

/** The hosts a lookup gave: matched by where each host was written. */
function hostsOf(lookup: RegistryLookup, info: RegistryInfo): RegistryHost[] {
  const path = lookup.request;
  return info.hosts.filter((h) => {
    switch (h.source) {
      case "imageConfigExternal":
      case "imageConfigInternal":
        return path.includes("/images/cluster");
      case "defaultRoute":
      case "dockerRegistryRoute":
        return path.includes(`/routes/${h.object.split("/")[1]}`) && path.includes(`/namespaces/${h.object.split("/")[0]}/`);
      case "imageStreamPublic":
      case "imageStreamInternal":
        return path.includes(`/namespaces/${h.object.split("/")[0]}/imagestreams`);
    }
  });
}

/** What one place said: the hosts it named, or its refusal. */
export function saidBy(lookup: RegistryLookup, info: RegistryInfo, t: Translate): string {
  switch (lookup.outcome) {
    case "found":
      return hostsOf(lookup, info)
        .map((h) =>
          h.source === "defaultRoute" || h.source === "dockerRegistryRoute"
            ? t(h.tls ? "clusterRegistry.said.routeTls" : "clusterRegistry.said.routePlain", { host: h.host })
            : t(h.external ? "clusterRegistry.said.externalHost" : "clusterRegistry.said.internalHost", { host: h.host }),
        )
        .join(", ");
    case "empty":
      return t("clusterRegistry.said.empty");
    case "notFound":
      return t("clusterRegistry.said.notFound");
    case "forbidden":
      return t("clusterRegistry.said.forbidden");
    case "failed":
      return t("clusterRegistry.said.failed");
  }
}

/** Why the host is the one: where it was written, in a sentence. */
function whySentence(host: RegistryHost, t: Translate): string {
  return t(`clusterRegistry.source.${host.source}`, { object: host.object });
}

export interface ClusterRegistryModalProps {
  /** The OpenShift connection. */
  cluster: Connection;
  /** The project whose image streams are read too (as `oc registry info` does), when known. */
  project: string | null;
  /** After "Browse the registry": the linked registry connection to show. */
  onBrowse: (opened: OpenedClusterRegistry) => void;
  onClose: () => void;
}

type Found = { status: "looking" } | { status: "failed"; error: UiError } | { status: "found"; info: RegistryInfo };

/**
 * "Open the cluster's registry": finds the registry's host names as `oc registry info` does,
 * says which one is used and why (every place looked at and what it said), or why none can be
 * and what an administrator does about it; then adds (or reuses) the registry connection
 * linked to the cluster's login and says how its certificate is checked.
 */
export function ClusterRegistryModal({ cluster, project, onBrowse, onClose }: ClusterRegistryModalProps) {
  const t = useT();
  const reauth = useReauth();
  const [found, setFound] = useState<Found>({ status: "looking" });
  const [attempt, setAttempt] = useState(0);
  const [host, setHost] = useState("");
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<UiError | null>(null);
  const [opened, setOpened] = useState<OpenedClusterRegistry | null>(null);

  useEffect(() => {
    let stale = false;
    setFound({ status: "looking" });
    reauth(cluster.id, "reauth.what.clusterRegistry", () => commands.clusterRegistryInfo(cluster.id, project)).then(
      (info) => {
        if (stale) return;
        setFound({ status: "found", info });
        setHost(info.chosen?.host ?? "");
      },
      (reason: unknown) => !stale && setFound({ status: "failed", error: toUiError(reason) }),
    );
    return () => {
      stale = true;
    };
  }, [cluster.id, project, attempt, reauth]);

  const info = found.status === "found" ? found.info : null;
  const usable = useMemo(() => (info ? usableHosts(info) : []), [info]);
  const picked = usable.find((h) => h.host === host) ?? info?.chosen ?? null;
  const internal = info?.hosts.find((h) => !h.external) ?? null;

  const open = async () => {
    if (!picked || opening) return;
    setOpening(true);
    setOpenError(null);
    try {
      setOpened(
        await reauth(cluster.id, "reauth.what.clusterRegistryOpen", () =>
          commands.clusterRegistryOpen(cluster.id, project, picked.host),
        ),
      );
    } catch (reason) {
      setOpenError(toUiError(reason));
    } finally {
      setOpening(false);
    }
  };

  return (
    <Modal
      isOpen
      variant="medium"
      onClose={opening ? undefined : onClose}
      aria-labelledby="cluster-registry-title"
      data-testid="cluster-registry-modal"
    >
      <ModalHeader title={t("clusterRegistry.title", { name: cluster.name })} labelId="cluster-registry-title" />
      <ModalBody>
        {found.status === "looking" && (
          <div className="rc-inline-status" data-testid="cluster-registry-looking">
            <Spinner size="md" aria-hidden /> {t("clusterRegistry.looking")}
          </div>
        )}
        {found.status === "failed" && (
          <ClusterErrorAlert error={found.error} title="clusterRegistry.lookFailed" onRetry={() => setAttempt((n) => n + 1)} />
        )}
        {info && !opened && (
          <>
            {picked ? (
              <DescriptionList isCompact className="pf-v6-u-mb-md" data-testid="cluster-registry-found">
                <DescriptionListGroup>
                  <DescriptionListTerm>{t("clusterRegistry.host")}</DescriptionListTerm>
                  <DescriptionListDescription>
                    {usable.length > 1 ? (
                      <FormSelect
                        id="cluster-registry-host"
                        data-testid="cluster-registry-host-pick"
                        aria-label={t("clusterRegistry.hostPick")}
                        value={picked.host}
                        onChange={(_e, v) => setHost(v)}
                      >
                        {usable.map((h) => (
                          <FormSelectOption key={h.host} value={h.host} label={h.host} />
                        ))}
                      </FormSelect>
                    ) : (
                      <code className="rc-path" data-testid="cluster-registry-host">
                        {picked.host}
                      </code>
                    )}
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t("clusterRegistry.why")}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="cluster-registry-why">
                    <p>{whySentence(picked, t)}</p>
                    {internal && <p className="rc-subtle">{t("clusterRegistry.internal", { host: internal.host })}</p>}
                  </DescriptionListDescription>
                </DescriptionListGroup>
              </DescriptionList>
            ) : (
              <NothingUsable info={info} />
            )}
            <div data-testid="cluster-registry-lookups">
              <Title headingLevel="h3" size="md" className="pf-v6-u-mt-md pf-v6-u-mb-sm">
                {t("clusterRegistry.lookups")}
              </Title>
              <ul className="rc-lookups">
                {info.lookups.map((l) => (
                  <li key={l.request} data-testid="cluster-registry-lookup" data-outcome={l.outcome}>
                    <LookupIcon outcome={l.outcome} /> <strong>{placeOf(l, t)}</strong>: {saidBy(l, info, t)}
                    <div className="rc-subtle rc-mono rc-small">{l.request}</div>
                    {l.message && (l.outcome === "forbidden" || l.outcome === "failed") && (
                      <div className="rc-detail">{l.message}</div>
                    )}
                  </li>
                ))}
              </ul>
            </div>
            {picked && <p className="pf-v6-u-mt-md">{t("clusterRegistry.signsIn", { name: cluster.name })}</p>}
            {openError && (
              <ClusterErrorAlert error={openError} title="clusterRegistry.openFailed" />
            )}
          </>
        )}
        {opened && <OpenedSummary opened={opened} cluster={cluster} />}
      </ModalBody>
      <ModalFooter>
        {opened ? (
          <Button variant="primary" data-testid="cluster-registry-browse" onClick={() => onBrowse(opened)}>
            {t("clusterRegistry.browse")}
          </Button>
        ) : (
          picked && (
            <Button
              variant="primary"
              data-testid="cluster-registry-open"
              onClick={open}
              isLoading={opening}
              isDisabled={opening}
            >
              {opening ? t("clusterRegistry.opening") : t("clusterRegistry.openButton")}
            </Button>
          )
        )}
        {info && !picked && (
          <Button variant="secondary" data-testid="cluster-registry-retry" onClick={() => setAttempt((n) => n + 1)}>
            {t("clusterRegistry.retry")}
          </Button>
        )}
        <Button variant="link" data-testid="cluster-registry-close" onClick={onClose} isAriaDisabled={opening}>
          {opened ? t("common.close") : t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function LookupIcon({ outcome }: { outcome: RegistryLookup["outcome"] }) {
  if (outcome === "found") return <CheckCircleIcon className="rc-ok-icon" aria-hidden />;
  if (outcome === "forbidden" || outcome === "failed") return <ExclamationTriangleIcon className="rc-warn-icon" aria-hidden />;
  return <MinusCircleIcon className="rc-subtle" aria-hidden />;
}

/** Why no host can be used, in one sentence, and what an administrator can do. */
function NothingUsable({ info }: { info: RegistryInfo }) {
  const t = useT();
  const plain = info.hosts.find((h) => h.external && !h.tls);
  const internal = info.hosts.find((h) => !h.external);
  const reason =
    info.choice === "plainHttpOnly" && plain
      ? t("clusterRegistry.none.plainHttpOnly", { host: plain.host })
      : info.choice === "internalOnly" && internal
        ? t("clusterRegistry.none.internalOnly", { host: internal.host })
        : t("clusterRegistry.none.notFound");
  return (
    <Alert variant="warning" isInline title={reason} data-testid="cluster-registry-none" data-choice={info.choice} className="pf-v6-u-mb-md">
      <div>{t("clusterRegistry.admin4")}</div>
      <div className="rc-pullspec rc-admin-command">
        <code className="rc-mono rc-small" data-testid="cluster-registry-admin-4x">
          {EXPOSE_4X}
        </code>
        <CopyButton text={EXPOSE_4X} label={t("clusterRegistry.copyCommand")} />
      </div>
      <div>{t("clusterRegistry.admin3")}</div>
      <div className="rc-pullspec rc-admin-command">
        <code className="rc-mono rc-small">{EXPOSE_3X}</code>
        <CopyButton text={EXPOSE_3X} label={t("clusterRegistry.copyCommand")} />
      </div>
    </Alert>
  );
}

function OpenedSummary({ opened, cluster }: { opened: OpenedClusterRegistry; cluster: Connection }) {
  const t = useT();
  const c = opened.connection;
  return (
    <Content data-testid="cluster-registry-opened" data-tls={opened.tls}>
      <p>
        <CheckCircleIcon className="rc-ok-icon" aria-hidden />{" "}
        {t(opened.reused ? "clusterRegistry.reused" : "clusterRegistry.added", { name: c.name, url: c.url, cluster: cluster.name })}
      </p>
      <p data-testid="cluster-registry-tls">
        {opened.tls === "unverified" && <ExclamationTriangleIcon className="rc-warn-icon" aria-hidden />}{" "}
        {t(`clusterRegistry.tls.${opened.tls}`, { cluster: cluster.name })}
      </p>
      <p className="rc-subtle">{t("clusterRegistry.signsIn", { name: cluster.name })}</p>
    </Content>
  );
}
