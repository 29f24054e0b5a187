// English strings. The source of truth for keys: `ja.ts` must have every key here (tsc fails
// otherwise). Parameters are written `{name}` and filled by `interpolate`.
import { accessEn } from "./access.en";
import { kubeconfigEn } from "./kubeconfig.en";
import { quayEn } from "./quay.en";
import { quayTeamsEn } from "./quay_teams.en";
import { quayBridgeEn } from "./quay_bridge.en";
import { quayReposEn } from "./quay_repos.en";
import { pullSecretImportEn } from "./pullSecretImport.en";
import { openRepositoryEn } from "./open_repository.en";
import { clusterRegistryEn } from "./clusterRegistry.en";
import { activityEn } from "./activity.en";
import { appEn } from "./app.en";
import { connectionsEn } from "./connections.en";
import { signinEn } from "./signin.en";
import { registriesEn } from "./registries.en";
import { certificatesEn } from "./certificates.en";
import { credentialsEn } from "./credentials.en";
import { shortcutsEn } from "./shortcuts.en";
import { healthEn } from "./health.en";
import { desktopEn } from "./desktop.en";

export const en = {
  ...accessEn,
  ...kubeconfigEn,
  ...quayEn,
  ...quayTeamsEn,
  ...quayBridgeEn,
  ...quayReposEn,
  ...pullSecretImportEn,
  ...openRepositoryEn,
  ...clusterRegistryEn,
  ...desktopEn,
  ...activityEn,
  ...appEn,
  ...connectionsEn,
  ...signinEn,
  ...registriesEn,
  ...certificatesEn,
  ...credentialsEn,
  ...shortcutsEn,
  ...healthEn,
} as const;

/** Every UI string, by key. `ja` is typed with this so a missing key fails `tsc`. */
export type Messages = { readonly [K in keyof typeof en]: string };
export type MessageKey = keyof typeof en;
