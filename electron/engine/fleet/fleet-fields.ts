// The fields of a history line the fleet view counts, read two ways. `fieldsOf` takes an entry the
// contract's schema validated. `fastFields` is the way a million lines go: JSON.parse, then exactly the
// fields the view counts checked as the schema checks them (zod's full walk of every line, steps included,
// costs about three times the parse: measured, build/bench-fleet.ts). It answers `undefined` ("cannot
// tell") for anything outside the shape KerbProbe writes — another version, another time form, a field
// out of bounds — and the caller then takes the full schema path, so no line is counted on a field the
// schema would refuse.
import { DIAGNOSIS_CODES } from '../../contract/codes';
import type { HistoryEntry } from '../../contract/history';

export interface FleetFields {
  /** ms since the epoch, and the text it came from. */
  time: number;
  timeText: string;
  device: string;
  server: string;
  fail: boolean;
  code: string | null;
  flow: string | null;
  os: string;
  subnet: string | null;
  kdc: string | null;
}

export function fieldsOf(e: HistoryEntry): FleetFields {
  return {
    time: Date.parse(e.time), timeText: new Date(e.time).toISOString(), device: e.device, server: e.server, fail: e.verdict === 'fail',
    code: e.code, flow: e.flow, os: e.os, subnet: e.subnet, kdc: e.kdc,
  };
}

const CODES = new Set<string>(DIAGNOSIS_CODES);
const FLOWS = new Set(['trust', 'cloud', 'single-realm', 'incomplete']);
// The form toISOString writes (what KerbProbe writes); any other valid form goes the schema's way.
const UTC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HEAD = '{"v":1,';

const str = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const strOrNull = (v: unknown, max: number): v is string | null => v === null || str(v, 0, max);

export function fastFields(line: string): FleetFields | undefined {
  if (!line.startsWith(HEAD)) return undefined;
  let o: Record<string, unknown>;
  try { o = JSON.parse(line) as Record<string, unknown>; } catch { return undefined; }
  const { time: timeText, device, server, verdict, code, flow, os, subnet, kdc } = o;
  if (!str(timeText, 20, 40) || !UTC_TIME.test(timeText)) return undefined;
  const time = Date.parse(timeText);
  if (Number.isNaN(time)) return undefined;
  if (!str(device, 1, 253) || !str(server, 1, 253) || !str(os, 0, 128)) return undefined;
  if (verdict !== 'pass' && verdict !== 'fail') return undefined;
  if (code !== null && !(typeof code === 'string' && CODES.has(code))) return undefined;
  if (flow !== null && !(typeof flow === 'string' && FLOWS.has(flow))) return undefined;
  if (!strOrNull(subnet, 64) || !strOrNull(kdc, 512)) return undefined;
  return { time, timeText, device, server, fail: verdict === 'fail', code, flow, os, subnet, kdc };
}
