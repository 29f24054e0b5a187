import type { AppInfo } from "../bindings/AppInfo";
import type { Connection } from "../bindings/Connection";
import type { SettingsState } from "../bindings/SettingsState";

export const appInfo = (systemLocale = "en-US"): AppInfo => ({ version: "0.1.0", systemLocale, webviewVersion: "2.48.7" });

export const sampleConnections = (): Connection[] => [
  { id: "c1", name: "demo", kind: "registry", url: "https://registry.example.com", tls: { mode: "system" } },
  {
    id: "c2",
    name: "prod-cluster",
    kind: "openshift",
    url: "https://api.prod.example.com:6443",
    tls: { mode: "caBundle", path: "/etc/pki/prod-ca.crt" },
  },
  { id: "c3", name: "lab-quay", kind: "quay", url: "https://quay.lab.internal", tls: { mode: "insecure" } },
];

export const settingsState = (connections: Connection[] = sampleConnections()): SettingsState => ({
  settings: { connections, preferences: { language: "en" } },
  path: "/home/admin/.config/registry-console/settings.json",
  recovery: null,
});
