// The Activity page's filter as the user sets it, and its translation into the backend's
// `ActivityFilter` (dates in the user's time zone, sent as RFC 3339 instants).
import type { ActivityAction } from "../bindings/ActivityAction";
import type { ActivityFilter } from "../bindings/ActivityFilter";
import type { ActivityOutcomeFilter } from "../bindings/ActivityOutcomeFilter";

export interface FilterState {
  connectionId: string;
  action: ActivityAction | "";
  outcome: ActivityOutcomeFilter | "";
  /** `YYYY-MM-DD` from a date field, or empty. */
  from: string;
  to: string;
  text: string;
}

export const NO_FILTER: FilterState = { connectionId: "", action: "", outcome: "", from: "", to: "", text: "" };

/** Every action, in the order the filter lists them (the backend's `Action`). */
export const ACTIONS: ActivityAction[] = [
  "connectionAdded",
  "connectionEdited",
  "connectionRemoved",
  "kubeconfigImported",
  "clusterRegistryOpened",
  "signIn",
  "signOut",
  "manifestDeleted",
  "imageStreamTagDeleted",
  "roleGranted",
  "roleRevoked",
  "crossProjectPullAllowed",
  "serviceAccountCreated",
  "tokenMinted",
  "secretCreated",
  "secretLinked",
  "authFileWritten",
  "caTrusted",
  "certificateSaved",
  "bundleExported",
  "quayRepositoryCreated",
  "quayRepositoryDeleted",
  "quayVisibilityChanged",
  "quayTagExpirationSet",
  "quayTagDeleted",
  "quayTagRestored",
  "quayRobotCreated",
  "quayRobotRegenerated",
  "quayRobotDeleted",
  "quayTeamSaved",
  "quayTeamDeleted",
  "quayTeamMemberAdded",
  "quayTeamMemberRemoved",
  "quayPermissionSet",
  "quayPermissionRevoked",
  "quayDefaultPermissionCreated",
  "quayDefaultPermissionDeleted",
  "quayApplicationCreated",
  "quayApplicationDeleted",
  "quayApplicationToken",
  "quayBridgeSecretCreated",
  "quayBridgeApplied",
  "activityExported",
];

/** A local calendar day's first or last instant as RFC 3339 (UTC), or null for an empty or bad field. */
export function dayBound(day: string, end: boolean): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const local = new Date(`${day}T${end ? "23:59:59.999" : "00:00:00.000"}`);
  return Number.isNaN(local.getTime()) ? null : local.toISOString();
}

/** The backend's filter for what the user set. */
export function toActivityFilter(state: FilterState): ActivityFilter {
  const filter: ActivityFilter = { actions: state.action ? [state.action] : [] };
  if (state.connectionId) filter.connectionId = state.connectionId;
  if (state.outcome) filter.outcome = state.outcome;
  const from = dayBound(state.from, false);
  const to = dayBound(state.to, true);
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (state.text.trim()) filter.text = state.text.trim();
  return filter;
}
