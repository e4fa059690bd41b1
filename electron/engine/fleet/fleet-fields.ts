// The fields of a history entry the fleet view counts, as the schema's path gives them: a saved report's
// entry, or a line the fast reader (fleet-scan.ts) could not vouch for, validated by the contract's schema.
import type { HistoryEntry } from '../../contract/history';

export interface FleetFields {
  /** ms since the epoch. */
  time: number;
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
    time: Date.parse(e.time),
    device: e.device,
    server: e.server,
    fail: e.verdict === 'fail',
    code: e.code,
    flow: e.flow,
    os: e.os,
    subnet: e.subnet,
    kdc: e.kdc,
  };
}
