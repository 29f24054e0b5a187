/**
 * One way to show a time: relative in lists ("3 days ago", "3 日前") with the absolute local
 * time on hover and focus, absolute in details. Never the raw number the server sent.
 */
import { Tooltip } from "@patternfly/react-core";
import { useT } from "../i18n/i18n";

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "3 days ago" / "3 日前" in the UI language; `now` is a parameter so tests are stable. */
export function formatRelative(date: Date, language: string, now: Date = new Date()): string {
  let value = (date.getTime() - now.getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return format.format(Math.round(value), unit);
    value /= size;
  }
  return format.format(Math.round(value), "year");
}

/** A date and time in the UI language and the local time zone, named: for tooltips and details. */
export function formatAbsolute(date: Date, language: string): string {
  return date.toLocaleString(language, { dateStyle: "medium", timeStyle: "long" });
}

/** An RFC 3339 time from the backend (or a Date), or null when absent or unreadable. */
export function toDate(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export interface RelativeTimeProps {
  /** An RFC 3339 time as the backend sends it, or a Date. */
  value: string | Date | null | undefined;
  /** What is shown for no time or an unreadable one. */
  fallback?: string;
  /** The moment "ago" counts from (tests fix it). */
  now?: Date;
  "data-testid"?: string;
}

/**
 * "3 days ago", with the absolute local time on hover and on keyboard focus (the element is
 * focusable so that keyboard users reach the tooltip too).
 */
export function RelativeTime({ value, fallback = "—", now, "data-testid": testId }: RelativeTimeProps) {
  const t = useT();
  const date = toDate(value);
  if (!date) return <span data-testid={testId}>{fallback}</span>;
  const absolute = formatAbsolute(date, t.language);
  return (
    <Tooltip content={absolute}>
      <time dateTime={typeof value === "string" ? value : date.toISOString()} tabIndex={0} data-testid={testId}>
        {formatRelative(date, t.language, now)}
      </time>
    </Tooltip>
  );
}
