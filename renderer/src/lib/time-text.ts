// Durations and times as people read them in the page (the user's locale; the reports use ISO 8601).

export { formatAgo, formatMs } from '../../../electron/contract/format';

function span(ms: number): string {
  const min = Math.round(Math.abs(ms) / 60_000);
  if (min < 1) return 'less than a minute';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  if (h < 48) return rest ? `${h} h ${rest} min` : `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/** "expires in 7 h 48 min" / "expired 3 min ago", relative to `reference` (the check's time). */
export function describeExpiry(
  endIso: string | null,
  reference: Date,
): { text: string; level: 'ok' | 'soon' | 'expired' | 'unknown' } {
  if (!endIso) return { text: 'end time unknown', level: 'unknown' };
  const end = Date.parse(endIso);
  if (Number.isNaN(end)) return { text: 'end time unknown', level: 'unknown' };
  const left = end - reference.getTime();
  if (left <= 0) return { text: `expired ${span(left)} ago`, level: 'expired' };
  return { text: `expires in ${span(left)}`, level: left < 10 * 60_000 ? 'soon' : 'ok' };
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** The exact time in UTC to the second, as hovers and exports give it: "2026-12-01 14:03:22 UTC". */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
