import { useT } from "../i18n/i18n";
import { formatAbsolute, formatRelative, toDate, type TimeValue } from "./time";

export interface TimeTextProps {
  /** RFC 3339 text, Unix seconds, or a `Date`. */
  value: TimeValue | null | undefined;
  /** "Now" for the relative words; tests pass a fixed one. */
  now?: Date;
  /** Shown when there is no time (or it cannot be read): a dash by default. */
  empty?: string;
  /** Absolute, as a detail view shows it, instead of relative. */
  absolute?: boolean;
  testId?: string;
}

/**
 * A time as lists show it: relative words, with the absolute local time in the tooltip and in
 * `<time dateTime>` for assistive technology. `absolute` shows the absolute time itself (details).
 */
export function TimeText({ value, now, empty = "—", absolute = false, testId }: TimeTextProps) {
  const t = useT();
  const date = toDate(value);
  if (!date) return <span data-testid={testId}>{empty}</span>;
  const exact = formatAbsolute(date, t.language);
  return (
    <time dateTime={date.toISOString()} title={exact} data-testid={testId}>
      {absolute ? exact : formatRelative(date, now ?? new Date(), t.language)}
    </time>
  );
}
