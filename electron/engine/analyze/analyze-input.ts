// The helpdesk's offline view of ONE input: what a user pasted or saved (klist, klist get, klist tgt, klist
// cloud_debug, dsregcmd /status, reg query, a ccache, a KerbProbe report) → tickets, chain, facts and what it
// alone points to, read through the kinds table (input-kinds.ts). analyze-inputs.ts combines several.
import type { CheckReport, Diagnosis, Finding, TicketSet } from '../../contract/index';
import type { ReportContradiction } from '../../contract/report';
import { analyzeEvidence } from '../diagnose/classify';
import { chainFindingsEvidence } from '../diagnose/sources/chain-finding-evidence';
import { CLOUD_REALM, sanitizeEvidenceText, type Evidence } from '../diagnose/evidence';
import { KerbProbeError } from '../errors';
import { MAX_INPUT_BYTES } from '../../contract/limits';
import { InputTooLargeError } from '../read-bounded';
import { readReport } from '../report/read-report';
import { reportContradictions } from '../report/report-consistency';
import { detectInput } from '../tickets/detect-input';
import { toTicketSet, type TicketSource } from '../tickets/ticket-source';
import { describeUnread, type UnreadLine } from '../tickets/unread-lines';
import { describeCut } from '../tickets/windows-klist';
import { adviceForTarget } from './advice-for-target';
import { INPUT_KIND_NAMES_READ, inputKindOf, type KindReading } from './input-kinds';
import type { HostRealmMapping } from '../environment/realm-mapping';

export interface InputAnalysis {
  kind: string;
  ticketSet: TicketSet | null;
  /** `local`: the times carry no offset (Windows klist prints the wall clock of its machine). */
  timeZone: 'utc' | 'local' | null;
  findings: Finding[];
  /** At most one: the root cause the evidence points to. */
  diagnoses: Diagnosis[];
  /** Plain facts read from the input, one line each (join state, policy, the status klist printed…). */
  facts: string[];
  /** A saved KerbProbe report, as read (its diagnosis texts are the catalogue's, see read-report.ts). */
  report: CheckReport | null;
  /** Lines of a recognised output that could not be read (also said in `facts`, sanitized). */
  unread: UnreadLine[];
  /** How a saved report contradicts itself (empty for anything else, and for a consistent report). */
  contradictions: ReportContradiction[];
  /** What the reader must see beside the result: a paste cut short (what was read, what was cut). */
  notes: string[];
  /** The evidence diagnose/ read (combined with other inputs' by analyze-inputs.ts). */
  evidence: Evidence[];
  /** Host-to-realm mappings the input printed (a `reg query` of HostToRealm): they route the SPNs other inputs name. */
  hostToRealm?: HostRealmMapping[];
  /** The time expiry was judged by (null when nothing depended on it), and where it came from. */
  judgedAt: Date | null;
  judgedBy: 'given' | 'input' | 'earliest';
}

export interface AnalyzeOptions {
  name?: string;
  /** The SPN the tickets should reach, when known. */
  spn?: string | null;
  /**
   * Judge expiry at this time: when the output was captured. null: not known — judged at the earliest
   * moment the input can have been captured (its newest ticket's start), so nothing is called expired
   * that may not have been. A saved report is judged by its own start time.
   */
  now: Date | null;
}

/** A valid TGT of an AD realm (not the Entra realm, not a cloud TGT whose client realm reads AzureAD). */
function dcTgtEvidence(set: TicketSet): Evidence[] {
  const tgt = set.chain.hops.find((h) => h.kind === 'tgt');
  if (!tgt || tgt.status === 'missing' || tgt.status === 'expired' || tgt.ticketIndex === null) return [];
  const t = set.tickets[tgt.ticketIndex];
  if (!t || t.serverRealm.toUpperCase() === CLOUD_REALM || /^azuread$/i.test(t.clientRealm ?? '')) return [];
  return [{ kind: 'dc-tgt', realm: t.serverRealm, ...(t.kdcCalled ? { kdcCalled: t.kdcCalled } : {}) }];
}

/** Evidence a ticket list carries by itself: no TGT, or an expired one, and what its chain found. */
function ticketEvidence(set: TicketSet): Evidence[] {
  const tgt = set.chain.hops.find((h) => h.kind === 'tgt');
  const findings = chainFindingsEvidence(set.chain.findings);
  if (!tgt || tgt.status === 'missing')
    return [...(set.tickets.length ? [] : [{ kind: 'tgt' as const, state: 'missing' as const }]), ...findings];
  if (tgt.status === 'expired') return [{ kind: 'tgt', state: 'expired', realm: tgt.serverRealm }, ...findings];
  return findings;
}

/** The newest start time among the tickets: the earliest moment the list can have been printed. */
function earliestCapture(src: TicketSource | null): Date | null {
  let best: number | null = null;
  for (const t of src?.tickets ?? []) {
    const ms = t.start ? Date.parse(t.start) : Number.NaN;
    if (Number.isFinite(ms) && (best === null || ms > best)) best = ms;
  }
  return best === null ? null : new Date(best);
}

export function analyzeInput(input: string | Uint8Array, opts: AnalyzeOptions): InputAnalysis {
  const spn = opts.spn ?? null;
  const name = opts.name ?? 'input';
  // The limits every front door shares (contract/limits.ts): a report may be larger than evidence text.
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_INPUT_BYTES.report) throw new InputTooLargeError('report', name);
  const detected = detectInput(input);
  const text = detected.text ?? '';
  if (detected.kind === 'kerbprobe-report') return analyzeReport(readReport(text), name);
  const entry = inputKindOf(text, detected);
  // Anything that is not a report is held to its kind's limit — unrecognised text to the text limit, as a paste is.
  const limit = entry?.limit ?? (detected.kind === 'ccache' ? 'ccache' : 'text');
  if (size > MAX_INPUT_BYTES[limit]) throw new InputTooLargeError(limit, name);
  if (!entry) throw new KerbProbeError('INPUT_NOT_RECOGNISED', `${name}: not ${INPUT_KIND_NAMES_READ}`);
  const bytes = typeof input === 'string' ? null : input;
  const reading: KindReading = entry.read(text, { name, spn, bytes, now: opts.now });
  const evidence = [...reading.evidence];
  const facts = [...reading.facts];
  const src = reading.tickets ?? null;
  const judgedAt = opts.now ?? earliestCapture(src) ?? reading.judged?.at ?? null;
  // No judged time only when the list holds no ticket with a start time: then no time decides anything.
  const set = src ? toTicketSet(src, { spn: reading.chainSpn ?? spn, now: judgedAt ?? new Date(0) }) : null;
  if (set) {
    evidence.push(...ticketEvidence(set));
    const dc = dcTgtEvidence(set);
    evidence.push(...dc);
    for (const held of dc)
      if (held.kind === 'dc-tgt')
        facts.push(
          `TGT from a domain controller: krbtgt/${sanitizeEvidenceText(held.realm)} — the incoming trust flow's ` +
            `first ticket, when the device is domain joined (dsregcmd /status: DomainJoined YES)`,
        );
  }
  let unread = reading.unread ?? [];
  let unreadWhat = reading.unreadWhat ?? '';
  if (src?.unread?.length) {
    unread = src.unread;
    unreadWhat = `${entry.kind.replace(/^windows-/, '').replace(/-/g, ' ')} output`;
  }
  const said = describeUnread(unreadWhat, unread, sanitizeEvidenceText);
  if (said) facts.push(said);
  const notes = src?.cut ? [describeCut(src.cut)] : [];
  const diagnosis = adviceForTarget(evidence.length ? analyzeEvidence(evidence).diagnosis : null, evidence);
  return {
    kind: entry.kind,
    ticketSet: set,
    timeZone: src?.timeZone ?? null,
    findings: set?.chain.findings ?? [],
    diagnoses: diagnosis ? [diagnosis] : [],
    facts,
    report: null,
    contradictions: [],
    notes,
    unread,
    evidence,
    ...(reading.hostToRealm ? { hostToRealm: reading.hostToRealm } : {}),
    judgedAt: set || reading.judged ? judgedAt : null,
    judgedBy: reading.judged?.byInput ? 'input' : opts.now ? 'given' : 'earliest',
  };
}

/**
 * A saved report as evidence for a combined diagnosis: its code with the evidence lines it gives, what its
 * chain found, and — when it names no cause — that it failed or contradicts itself.
 */
function reportEvidence(report: CheckReport, name: string, contradictions: readonly ReportContradiction[]): Evidence[] {
  const chain = chainFindingsEvidence(report.chain?.findings ?? []);
  const saved = report.diagnosis;
  if (!saved) {
    const problems = [
      ...(report.verdict === 'fail' ? ['the check failed'] : []),
      ...contradictions.map((c) => `contradiction: ${c.message}`),
    ];
    return [...(problems.length ? [{ kind: 'saved-report' as const, name, problems }] : []), ...chain];
  }
  const lines = saved.evidence.length ? saved.evidence : [`saved report ${name}: ${saved.code}`];
  return [
    ...lines.map((message) => ({ kind: 'engine-error' as const, code: saved.code, message, source: 'report' })),
    ...chain,
  ];
}

/** A saved report: judged as of its own start, its diagnosis re-read from the catalogue (read-report.ts). */
function analyzeReport(report: CheckReport, name: string): InputAnalysis {
  const contradictions = reportContradictions(report);
  const saved = `saved check of ${report.target.server}:${report.target.port} at ${report.startedAt}`;
  const facts = contradictions.length
    ? [
        `${saved}: the file says ${report.verdict.toUpperCase()}, but the report contradicts itself, so no verdict ` +
          `is believed:`,
        ...contradictions.map((c) => `contradiction: ${c.message}`),
      ]
    : [`${saved}: ${report.verdict.toUpperCase()}`];
  facts.push(...report.steps.map((s) => `  [${s.status}] ${s.title}: ${s.detail}`));
  const startedAt = new Date(report.startedAt);
  return {
    kind: 'kerbprobe-report',
    ticketSet: report.chain
      ? { source: name, defaultPrincipal: null, tickets: report.tickets, chain: report.chain }
      : null,
    timeZone: null,
    findings: report.chain?.findings ?? [],
    diagnoses: report.diagnosis ? [report.diagnosis] : [],
    facts,
    report,
    contradictions,
    notes: [],
    unread: [],
    // The report's code is the evidence it carries into a combined diagnosis (its texts are the catalogue's).
    evidence: reportEvidence(report, name, contradictions),
    judgedAt: Number.isNaN(startedAt.getTime()) ? null : startedAt,
    judgedBy: 'input',
  };
}
