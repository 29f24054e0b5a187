import type { Messages } from "./en";

// Japanese strings, in the words of Red Hat's Japanese documents as GLOSSARY.md lists them
// (glossary.test.ts enforces it). Product terms stay in English where those documents keep them
// (registry-viewer, docker login, auth.json).
import { accessJa } from "./access.ja";
import { kubeconfigJa } from "./kubeconfig.ja";
import { quayJa } from "./quay.ja";
import { quayTeamsJa } from "./quay_teams.ja";
import { quayBridgeJa } from "./quay_bridge.ja";
import { quayReposJa } from "./quay_repos.ja";
import { pullSecretImportJa } from "./pullSecretImport.ja";
import { openRepositoryJa } from "./open_repository.ja";
import { clusterRegistryJa } from "./clusterRegistry.ja";
import { activityJa } from "./activity.ja";
import { appJa } from "./app.ja";
import { connectionsJa } from "./connections.ja";
import { signinJa } from "./signin.ja";
import { registriesJa } from "./registries.ja";
import { certificatesJa } from "./certificates.ja";
import { credentialsJa } from "./credentials.ja";
import { shortcutsJa } from "./shortcuts.ja";
import { healthJa } from "./health.ja";
import { desktopJa } from "./desktop.ja";

export const ja: Messages = {
  ...accessJa,
  ...kubeconfigJa,
  ...quayJa,
  ...quayTeamsJa,
  ...quayBridgeJa,
  ...quayReposJa,
  ...pullSecretImportJa,
  ...openRepositoryJa,
  ...clusterRegistryJa,
  ...desktopJa,
  ...activityJa,
  ...appJa,
  ...connectionsJa,
  ...signinJa,
  ...registriesJa,
  ...certificatesJa,
  ...credentialsJa,
  ...shortcutsJa,
  ...healthJa,
};
