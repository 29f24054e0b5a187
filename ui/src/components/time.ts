/**
 * Times, in one style everywhere: relative in lists ("3 minutes ago", "3 分前") with the
 * absolute local time on hover, absolute in details. Pure functions, so tests fix "now".
 */

/** What the backend sends: RFC 3339 text, Unix seconds (Quay), or a `Date` already made. */
export type TimeValue = Date | string | number;

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/**
 * A backend time as a `Date`, or null when absent or unreadable. Numbers are Unix seconds
 * (Quay's API); text is RFC 3339.
 */
export function toDate(value: TimeValue | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "3 minutes ago", "in 2 days", "3 分前", "2 日後": the largest unit that fits, rounded. */
export function formatRelative(date: Date, now: Date, lang: string): string {
  let value = (date.getTime() - now.getTime()) / 1000;
  // Under a minute either way reads as "now": seconds in a list are noise.
  const format = new Intl.RelativeTimeFormat(lang, { numeric: Math.abs(value) < 60 ? "auto" : "always" });
  if (Math.abs(value) < 60) return format.format(0, "second");
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return format.format(Math.round(value), unit);
    value /= size;
  }
  return format.format(Math.round(value), "year");
}

/**
 * The date and time in the user's time zone, with the zone named ("Dec 3, 2026, 9:22:21 PM
 * UTC", "2026/12/03 21:22:21 UTC"). `timeZone` is for tests; the app uses the computer's.
 */
export function formatAbsolute(date: Date, lang: string, timeZone?: string): string {
  return date.toLocaleString(lang, { dateStyle: "medium", timeStyle: "long", timeZone });
}
