/**
 * "3 minutes ago", "yesterday", "just now": how long ago something happened, for lists a person
 * scans (sessions, apps). Pure, so the browser can compute it in its own time and the tests can
 * pin the clock; components/ui/relative-time.tsx renders it.
 */
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** Under a minute (or a clock a little ahead of the server's) reads "just now". */
export const JUST_NOW = "just now";

/** The largest whole unit that fits the distance between `then` and `now`, negative for the past. */
export function relativeParts(then: Date, now: Date): { value: number; unit: Intl.RelativeTimeFormatUnit } | null {
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  if (Number.isNaN(seconds) || Math.abs(seconds) < 60) return null;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return { value: Math.trunc(seconds / size), unit };
  }
  return null;
}

/** `then` relative to `now` in `locale`'s words ("3 minutes ago", "yesterday"), or "just now". */
export function formatRelativeTime(then: Date, now: Date, locale?: string): string {
  const parts = relativeParts(then, now);
  if (!parts) return JUST_NOW;
  return new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(parts.value, parts.unit);
}

/** The full date and time in `locale` and `timeZone` (the browser's own when not given), for a tooltip. */
export function formatFullDate(date: Date, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "long", timeZone }).format(date);
}
