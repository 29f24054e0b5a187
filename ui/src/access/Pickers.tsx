import { useMemo } from "react";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { RegistryHost } from "../bindings/RegistryHost";
import { TypeaheadPicker, type PickerOption } from "../components/TypeaheadPicker";
import { useLoad } from "../hooks/useLoad";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { useOnSignedInAgain } from "../signin/Reauth";

interface FieldProps {
  id: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  ariaLabel: string;
  validated?: "default" | "error";
  openSignal?: number;
  onPicked?: (value: string) => void;
}

/**
 * The service accounts of `project` to pick from, read from the cluster when the project
 * changes; a name typed by hand is kept (an account the user may not list, or one to come).
 */
export function ServiceAccountPicker({ connectionId, project, ...field }: FieldProps & { connectionId: string; project: string }) {
  const t = useT();
  // Suggestions never ask to sign in (the dialog would push aside the form for a hint): a list
  // the cluster refuses leaves a text field, the action itself says what is refused, and a
  // sign-in made for it reads the list again.
  const [accounts, reload] = useLoad(
    () => (project.trim() ? commands.clusterServiceAccounts(connectionId, project.trim()) : Promise.resolve([])),
    [connectionId, project],
  );
  useOnSignedInAgain(connectionId, reload);
  const options = useMemo<PickerOption[]>(
    () => (accounts.status === "ready" ? accounts.value.map((a) => ({ value: a.name })) : []),
    [accounts],
  );
  return (
    <TypeaheadPicker
      {...field}
      options={options}
      isLoading={accounts.status === "loading"}
      placeholder={t("access.picker.accountPlaceholder")}
      noMatch={(typed) =>
        accounts.status === "failed"
          ? t("access.picker.accountsUnreadable", { project })
          : typed
            ? t("access.picker.accountTyped", { name: typed, project })
            : t("access.picker.noAccounts", { project })
      }
    />
  );
}

/** The projects the page listed, to pick from; a typed name is kept (a project the user may not list). */
export function ProjectPicker({ projects, ...field }: FieldProps & { projects: string[] }) {
  const t = useT();
  const options = useMemo(() => projects.map((p) => ({ value: p })), [projects]);
  return (
    <TypeaheadPicker
      {...field}
      options={options}
      placeholder={t("access.picker.projectPlaceholder")}
      noMatch={(typed) => (typed ? t("access.picker.projectTyped", { name: typed }) : t("access.project.none"))}
    />
  );
}

const SOURCE_LABEL: Record<RegistryHost["source"], MessageKey> = {
  imageConfigExternal: "credentials.hostPicker.imageConfigExternal",
  imageConfigInternal: "credentials.hostPicker.imageConfigInternal",
  defaultRoute: "credentials.hostPicker.defaultRoute",
  dockerRegistryRoute: "credentials.hostPicker.dockerRegistryRoute",
  imageStreamPublic: "credentials.hostPicker.imageStreamPublic",
  imageStreamInternal: "credentials.hostPicker.imageStreamInternal",
};

/** `host[:port]` of a saved connection's https URL, as `podman login` names the registry; null for plain http. */
export function connectionHost(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "https:" ? u.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * The registry hosts an auth-file entry can be for: the cluster's registry as the app finds it
 * ("Open the cluster's registry": the image config, the default route, …) and the saved
 * registry and Quay connections. Hosts only reachable over plain http are left out: the token
 * would travel in cleartext. Nothing the cluster refuses blocks typing a host by hand.
 */
export function RegistryHostPicker({
  connectionId,
  project,
  connections,
  externalOnly,
  ...field
}: FieldProps & {
  /** The OpenShift connection whose registry is offered, when there is one. */
  connectionId: string | null;
  project: string | null;
  connections: Connection[];
  /** Leave out the internal Service name (an auth file on this computer cannot reach it). */
  externalOnly?: boolean;
}) {
  const t = useT();
  // As for the accounts: a cluster that does not answer leaves the saved connections' hosts.
  const [info, reload] = useLoad(
    () => (connectionId ? commands.clusterRegistryInfo(connectionId, project) : Promise.resolve(null)),
    [connectionId, project],
  );
  useOnSignedInAgain(connectionId ?? "", reload);
  const options = useMemo<PickerOption[]>(() => {
    const seen = new Set<string>();
    const out: PickerOption[] = [];
    const add = (host: string, description: string) => {
      if (seen.has(host)) return;
      seen.add(host);
      out.push({ value: host, description });
    };
    if (info.status === "ready" && info.value) {
      for (const h of info.value.hosts) {
        if (!h.tls || (externalOnly && !h.external)) continue;
        add(h.host, t(SOURCE_LABEL[h.source], { object: h.object }));
      }
    }
    for (const c of connections) {
      if (c.kind === "openshift") continue;
      const host = connectionHost(c.url);
      if (host) add(host, t("credentials.hostPicker.connection", { name: c.name }));
    }
    return out;
  }, [info, connections, externalOnly, t]);
  return (
    <TypeaheadPicker
      {...field}
      options={options}
      isLoading={info.status === "loading"}
      placeholder="default-route-openshift-image-registry.apps.example.com"
      noMatch={(typed) => (typed ? t("credentials.hostPicker.typed", { host: typed }) : t("credentials.hostPicker.none"))}
    />
  );
}
