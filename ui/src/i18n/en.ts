// English strings. The source of truth for keys: `ja.ts` must have every key here (tsc fails
// otherwise). Parameters are written `{name}` and filled by `interpolate`.
export const en = {
  "app.brand": "Registry Console",
  "app.loading": "Loading…",
  "app.startFailed": "Registry Console could not start",
  "app.unexpectedError": "Unexpected error",

  "language.label": "Language",
  "language.system": "System",
  "language.en": "English",
  "language.ja": "日本語",
  "language.saveFailed": "The language choice could not be saved",
  "common.close": "Close",

  "nav.label": "Areas",
  "nav.toggle": "Show or hide the navigation",
  "nav.connections": "Connections",
  "nav.registries": "Registries",
  "nav.access": "Access",
  "nav.credentials": "Credentials",
  "nav.certificates": "Certificates",

  "notBuilt.title": "Not built yet",
  "notBuilt.registries": "Browse repositories, tags, manifests and layers of the registries you connect to.",
  "notBuilt.access":
    "Grant registry-viewer, registry-editor, registry-admin, system:image-puller and system:image-builder to users, groups and service accounts.",
  "notBuilt.credentials":
    "Copy docker login and podman login lines, service-account tokens, pull secrets and auth.json entries.",
  "notBuilt.certificates":
    "Check certificate bundles with SAN checks, inspect live TLS endpoints and generate server certificates.",

  "connections.title": "Connections",
  "connections.savedIn": "Connections are saved in {path}",
  "connections.add": "Add connection",
  "connections.filterLabel": "Filter connections by name or URL",
  "connections.filterPlaceholder": "Filter by name or URL",
  "connections.tableLabel": "Connections",
  "connections.columnName": "Name",
  "connections.columnKind": "Kind",
  "connections.columnUrl": "URL",
  "connections.columnTls": "TLS",
  "connections.columnActions": "Actions",
  "connections.edit": "Edit",
  "connections.remove": "Remove",
  "connections.editLabel": "Edit {name}",
  "connections.removeLabel": "Remove {name}",
  "connections.emptyTitle": "No connections yet",
  "connections.emptyBody": "Add a Docker Registry v2 / OCI registry, an OpenShift cluster or a Quay server to start.",
  "connections.noMatchTitle": "No connections match the filter",
  "connections.noMatchBody": "Try another name or URL, or clear the filter.",
  "connections.clearFilter": "Clear filter",
  "connections.loadFailed": "The connections could not be loaded",
  "connections.count": "{shown} of {total}",

  "kind.registry": "Docker Registry v2 / OCI",
  "kind.openshift": "OpenShift cluster",
  "kind.quay": "Quay",

  "tls.system": "System roots",
  "tls.caBundle": "Extra CA bundle: {path}",
  "tls.insecure": "Verification off",

  "recovery.title": "The settings file could not be used",
  "recovery.movedTo": "It was moved to {path}; the app started with empty settings.",
  "recovery.readOnly": "Nothing will be saved this session so that the file is not lost.",

  "form.addTitle": "Add connection",
  "form.editTitle": "Edit connection “{name}”",
  "form.name": "Name",
  "form.nameHelper": "Shown in the app; unique among your connections.",
  "form.kind": "Kind",
  "form.url": "URL",
  "form.urlHelper": "A URL without a scheme gets https://.",
  "form.urlPlaceholder.registry": "https://registry.example.com",
  "form.urlPlaceholder.openshift": "https://api.cluster.example.com:6443",
  "form.urlPlaceholder.quay": "https://quay.example.com",
  "form.tls": "TLS verification",
  "form.tlsSystem": "System trusted roots",
  "form.tlsSystemDescription": "The server certificate is checked against the CAs the operating system trusts.",
  "form.tlsCaBundle": "System roots plus a CA bundle file",
  "form.tlsCaBundleDescription": "For servers signed by your own CA, such as the cluster's service CA.",
  "form.caPath": "CA bundle file",
  "form.caPathHelper": "Absolute path of a PEM file with one or more BEGIN CERTIFICATE blocks.",
  "form.caPathPlaceholder": "/etc/pki/ca-trust/source/anchors/registry-ca.crt",
  "form.tlsInsecure": "Do not verify (insecure)",
  "form.tlsInsecureDescription": "Only for a test server you control.",
  "form.insecureWarningTitle": "Certificates will not be checked",
  "form.insecureWarningBody":
    "Anyone between this computer and the server can read and change the traffic, including credentials.",
  "form.save": "Save",
  "form.cancel": "Cancel",
  "form.errorTitle": "The connection could not be saved",
  "form.nameError": "Choose another name.",
  "form.urlError": "This URL cannot be used.",
  "form.caBundleError": "This CA bundle cannot be used.",
  "form.fieldError": "Error:",

  "remove.title": "Remove connection?",
  "remove.body": "Remove connection “{name}” ({url})? The settings file is updated; nothing on the server changes.",
  "remove.confirm": "Remove",
  "remove.cancel": "Cancel",
  "remove.errorTitle": "The connection could not be removed",
} as const;

/** Every UI string, by key. `ja` is typed with this so a missing key fails `tsc`. */
export type Messages = { readonly [K in keyof typeof en]: string };
export type MessageKey = keyof typeof en;
