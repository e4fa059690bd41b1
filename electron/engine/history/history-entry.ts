// A CheckReport → its one history line (contract/history.ts). Pure: the device facts (host name, account,
// subnet, OS build) are passed in, so the same report gives the same line in a test and in a generated sample.
import {
  HISTORY_REDACTED_VALUE,
  HISTORY_SCHEMA_VERSION,
  type HistoryEntry,
  type HistoryRedactable,
} from '../../contract/history';
import type { CheckReport, StepId } from '../../contract/report';
import { TOOL_VERSION } from '../version';

export interface DeviceFacts {
  device: string;
  /** The OS account name, used when the report holds no Kerberos principal. */
  account: string | null;
  subnet: string | null;
  os: string;
}

export interface HistoryEntryOptions {
  /** Leave the user out (`check --redact`, or a config's `redactUser`). */
  redactUser?: boolean;
  /** The fields to leave out (a config's `historyRedact`). */
  redact?: readonly HistoryRedactable[];
}

// A KDC step's first evidence line names the endpoint it reached: `127.0.0.1:88 (tcp): …` or
// `https://proxy/KdcProxy (https): …` (engine/net/kdc-probe.ts words them).
const KDC_ENDPOINT = /^(\S+) \((?:tcp|udp|https)\):/;
const KDC_STEPS: readonly StepId[] = ['kdc-user', 'kdc-cloud', 'kdc-proxy'];

function kdcReached(report: CheckReport): string | null {
  for (const id of KDC_STEPS) {
    const step = report.steps.find((s) => s.id === id && s.status !== 'skip');
    const endpoint = step?.evidence?.map((e) => KDC_ENDPOINT.exec(e)?.[1]).find((x) => x !== undefined);
    if (endpoint) return endpoint.slice(0, 512);
  }
  return null;
}

/** The principal whose tickets the check used (`alice@CONTOSO.TEST`), if the report holds one. */
function principal(report: CheckReport): string | null {
  const t = report.tickets.find((x) => x.client);
  if (!t) return null;
  const realm = t.clientRealm ?? report.chain?.userRealm ?? null;
  return t.client.includes('@') || !realm ? t.client : `${t.client}@${realm}`;
}

/** The fields the line leaves out: the chosen ones, and the user when the options or the report say so. */
function leftOut(report: CheckReport, opts: HistoryEntryOptions): Set<HistoryRedactable> {
  const chosen = new Set<HistoryRedactable>(opts.redact ?? []);
  // A redacted report names no one.
  if (opts.redactUser || report.redacted) chosen.add('user');
  return chosen;
}

export function historyEntry(report: CheckReport, facts: DeviceFacts, opts: HistoryEntryOptions = {}): HistoryEntry {
  const steps: HistoryEntry['steps'] = {};
  for (const step of report.steps) if (step.status !== 'skip') steps[step.id] = step.ms;
  const out = leftOut(report, opts);
  // A chosen field is left out whole: the word `redacted` (the user: null, as it always was).
  const keep = <T>(field: HistoryRedactable, value: T): T | typeof HISTORY_REDACTED_VALUE =>
    out.has(field) ? HISTORY_REDACTED_VALUE : value;
  return {
    v: HISTORY_SCHEMA_VERSION,
    time: new Date(report.startedAt).toISOString(),
    device: keep('device', facts.device.slice(0, 253) || 'unknown'),
    user: out.has('user') ? null : ((principal(report) ?? facts.account)?.slice(0, 512) ?? null),
    server: keep('server', report.target.server),
    port: report.target.port,
    address: keep('address', report.target.address ?? null),
    verdict: report.verdict,
    code: report.verdict === 'pass' ? null : (report.diagnosis?.code ?? 'UNKNOWN'),
    flow: report.chain?.flow ?? null,
    failedStep: report.steps.find((s) => s.status === 'fail')?.id ?? null,
    steps,
    totalMs: report.totalMs,
    subnet: keep('subnet', facts.subnet),
    kdc: keep('kdc', kdcReached(report)),
    os: facts.os.slice(0, 128),
    tool: report.tool.version.slice(0, 32) || TOOL_VERSION,
  };
}
