// The fleet timeline as the Fleet tab draws it: each bucket's label (in UTC; its start and end are the engine's),
// the codes in the order their colours and legend follow, and the words of a narrowing chip.
import type { DiagnosisCode } from '../../../electron/contract/codes';
import type { FleetQuery, FleetTimeline } from '../../../electron/contract/fleet';

export type TimelineUnit = FleetTimeline['unit'];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A bucket's name in UTC, as short as its unit allows: "Tue 1 Dec", "1 Dec 14:00", "week of 30 Nov". */
export function bucketLabel(startIso: string, unit: TimelineUnit): string {
  const at = new Date(startIso);
  if (Number.isNaN(at.getTime())) return startIso;
  const date = `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]}`;
  if (unit === 'hour') return `${date} ${String(at.getUTCHours()).padStart(2, '0')}:00`;
  if (unit === 'week') return `week of ${date}`;
  return `${DAYS[at.getUTCDay()]} ${date}`;
}

/** Every code with a failure in the timeline, the most failures first (then by name): legend and colour order. */
export function timelineCodes(timeline: FleetTimeline): DiagnosisCode[] {
  const totals = new Map<DiagnosisCode, number>();
  for (const bucket of timeline.buckets)
    for (const { code, failures } of bucket.byCode) totals.set(code, (totals.get(code) ?? 0) + failures);
  return [...totals].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([code]) => code);
}

/** What a narrowing query says in its chips: the code, and the time span (one bucket's name when it is one). */
export function narrowingChips(
  query: FleetQuery,
  timeline: FleetTimeline,
): { code: string | null; time: string | null } {
  let time: string | null = null;
  if (query.from !== undefined || query.to !== undefined) {
    const bucket = timeline.buckets.find((b) => b.start === query.from && b.end === query.to);
    const whole = bucket ? bucketLabel(bucket.start, timeline.unit) : `${query.from ?? '…'} – ${query.to ?? '…'}`;
    time = `${whole} (UTC)`;
  }
  return { code: query.code ?? null, time };
}
