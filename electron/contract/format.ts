// Durations and times as people read them, the same in the app, the CLI and the exported reports. Pure (no
// imports): the renderer may use it at run time.

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * A time as KerbProbe writes it in every text outside the app's page (CLI, step details, evidence, the
 * reports): ISO 8601 to the second, `2026-12-02T12:36:24Z`. A time the source gave without an offset (a
 * Windows klist's local wall clock) keeps having none. Fractions of a second are dropped.
 */
export function formatTime(iso: string | null | undefined): string {
  return iso ? iso.replace(/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?/, '$1T$2') : '—';
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * How long before `now` (the caller's clock: the view's injected clock, the CLI's `--at`; never the wall clock
 * here) `iso` was, in one coarse unit, counted down: "just now" (under a minute either way), "12 min ago",
 * "3 h ago" (up to 48 h), "5 days ago" (up to 14 days), "6 weeks ago". A time ahead of the clock (a device's clock
 * off) reads "in 3 h". One unit keeps it short in a table's column; the exact time goes beside it (the CLI's
 * line, the page's hover). No time: "—"; a text that is not a time is given back as it is.
 */
export function formatAgo(iso: string | null | undefined, now: Date): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const diff = now.getTime() - at;
  const span = Math.abs(diff);
  if (span < MINUTE_MS) return 'just now';
  const amount =
    span < HOUR_MS
      ? `${Math.floor(span / MINUTE_MS)} min`
      : span < 2 * DAY_MS
        ? `${Math.floor(span / HOUR_MS)} h`
        : span < 14 * DAY_MS
          ? `${Math.floor(span / DAY_MS)} days`
          : `${Math.floor(span / (7 * DAY_MS))} weeks`;
  return diff >= 0 ? `${amount} ago` : `in ${amount}`;
}
