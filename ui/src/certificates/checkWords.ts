import type { Check } from "../bindings/Check";
import type { CheckId } from "../bindings/CheckId";
import type { CheckStatus } from "../bindings/CheckStatus";
import type { NoteKind } from "../bindings/NoteKind";
import type { MessageKey } from "../i18n/en";
import type { Translate } from "../i18n/i18n";

/** Every check, in the order the contract lists them (the backend sends them in this order). */
export const CHECK_IDS: readonly CheckId[] = [
  "certificatePresent",
  "onePrivateKey",
  "keyUnencrypted",
  "keyMatchesCertificate",
  "oneServerCertificate",
  "chainOrder",
  "chainTrusted",
  "validNow",
  "expiresSoon",
  "validityLength",
  "leafNotCa",
  "serverAuthUsage",
  "keyStrength",
  "signatureAlgorithm",
  "subjectAltNames",
  "wildcardNames",
  "hostsCovered",
  "ipAsDnsName",
];

/** The short name of a check. */
export function checkTitle(t: Translate, id: CheckId): string {
  return t(`check.${id}.title` as MessageKey);
}

/** The params a sentence shows as dates (RFC 3339 from the backend). */
const DATE_PARAMS = new Set(["notBefore", "notAfter"]);

/** A date as the user's language writes it; text that is not a date is shown as sent. */
export function formatDate(value: string, language: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString(language, { year: "numeric", month: "short", day: "numeric" });
}

/**
 * One sentence of why and how to fix, in the UI's language, from the check's id, status and
 * params. A param the backend left out shows as "—" rather than as `{name}`.
 */
export function checkSentence(t: Translate, check: Check): string {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(check.params)) {
    if (value === undefined) continue;
    params[name] = DATE_PARAMS.has(name) ? formatDate(value, t.language) : value;
  }
  // An expired certificate has negative days left; the sentence says how long ago.
  if (check.id === "expiresSoon" && check.status === "fail" && params.days) {
    params.days = String(Math.abs(Number(params.days)));
  }
  // Two server certificates and no key: nothing says which one is the registry's.
  const noKey = check.id === "oneServerCertificate" && check.status === "fail" && !params.keySubject;
  // Generated self-signed as the user asked: said so, with how clients come to trust it.
  const asAsked = check.id === "chainTrusted" && params.problem === "selfSignedAsAsked";
  const key = (
    noKey ? "check.oneServerCertificate.failNoKey" : asAsked ? "check.chainTrusted.selfSignedAsAsked" : `check.${check.id}.${check.status}`
  ) as MessageKey;
  return t(key, params).replace(/\{\w+\}/g, "—");
}

const SEVERITY: Record<CheckStatus, number> = { fail: 0, warn: 1, pass: 2 };

/**
 * The checks as the user should read them: failed first, then warnings, then passes; within
 * each, the backend's order (input, key, chain, validity, names).
 */
export function bySeverity(checks: readonly Check[]): Check[] {
  return checks
    .map((check, index) => ({ check, index }))
    .sort((a, b) => SEVERITY[a.check.status] - SEVERITY[b.check.status] || a.index - b.index)
    .map(({ check }) => check);
}

/** How many checks have each status. */
export function countByStatus(checks: Check[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0 };
  for (const c of checks) counts[c.status] += 1;
  return counts;
}

/** The sentence for a parser note. */
export function noteSentence(t: Translate, kind: NoteKind): string {
  return t(`notes.${kind}` as MessageKey);
}
