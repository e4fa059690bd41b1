// The helpdesk's offline view: what a user pasted or saved (klist, klist get, klist tgt, klist cloud_debug,
// dsregcmd /status, a ccache, a KerbProbe report) → tickets, chain, facts and ONE diagnosis from the same
// classifier the live check uses. `kerbprobe analyze` and the app's Helpdesk view both call this.
import type { CheckReport, Diagnosis, Finding, TicketSet } from '../../contract/index';
import { analyzeEvidence } from '../diagnose/classify';
import type { Evidence } from '../diagnose/evidence';
import { KerbProbeError } from '../errors';
import { MAX_INPUT_BYTES } from '../../contract/limits';
import { InputTooLargeError } from '../read-bounded';
import { readReport } from '../report/read-report';
import { detectInput, type InputKind } from '../tickets/detect-input';
import { parseDsregcmd } from '../environment/dsregcmd';
import { toLines } from '../tickets/text';
import { ticketsFromCcache, ticketsFromKlistText, toTicketSet, type TicketSource } from '../tickets/ticket-source';
import { parseCloudDebug } from '../environment/windows-cloud-debug';
import { klistFailureEvidence } from '../tickets/klist-get-evidence';
import { findKlistFailure, parseKlistGet, type KlistFailure } from '../tickets/windows-klist-get';

export interface InputAnalysis {
  kind: InputKind;
  ticketSet: TicketSet | null;
  /** `local`: the times carry no offset (Windows klist prints the wall clock of its machine). */
  timeZone: 'utc' | 'local' | null;
  findings: Finding[];
  /** At most one: the root cause the evidence points to. */
  diagnoses: Diagnosis[];
  /** Plain facts read from the input, one line each (join state, policy, the status klist printed…). */
  facts: string[];
  /** A saved KerbProbe report, as it was. */
  report: CheckReport | null;
}

export interface AnalyzeOptions {
  name?: string;
  /** The SPN the tickets should reach, when known. */
  spn?: string | null;
  /** Judge expiry at this time: the real time for a live paste, or when the output was captured. */
  now: Date;
}

const yn = (b: boolean | null): string => (b === null ? 'not shown' : b ? 'YES' : 'NO');

function failureEvidence(f: KlistFailure, target: string | null): { evidence: Evidence[]; facts: string[] } {
  const evidence = klistFailureEvidence(f, target);
  const facts = [`klist failed: substatus ${f.substatusHex ?? 'none'}, status ${f.statusHex ?? 'none'}`];
  if (f.statusText) facts.push(`Windows said (localized text, shown as printed; the numbers decide): ${f.statusText}`);
  return { evidence, facts };
}

/** Evidence a ticket list carries by itself: no TGT, or an expired one. */
function ticketEvidence(set: TicketSet): Evidence[] {
  const tgt = set.chain.hops.find((h) => h.kind === 'tgt');
  if (!tgt || tgt.status === 'missing') return set.tickets.length ? [] : [{ kind: 'tgt', state: 'missing' }];
  if (tgt.status === 'expired') return [{ kind: 'tgt', state: 'expired', realm: tgt.serverRealm }];
  return [];
}

export function analyzeInput(input: string | Uint8Array, opts: AnalyzeOptions): InputAnalysis {
  const now = opts.now;
  const spn = opts.spn ?? null;
  const name = opts.name ?? 'input';
  // The limits every front door shares (contract/limits.ts): a report may be larger than evidence text.
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_INPUT_BYTES.report) throw new InputTooLargeError('report', name);
  const d = detectInput(input);
  const kind = d.kind === 'kerbprobe-report' ? 'report' : d.kind === 'ccache' ? 'ccache' : 'text';
  if (size > MAX_INPUT_BYTES[kind]) throw new InputTooLargeError(kind, name);
  const text = d.text ?? '';
  const evidence: Evidence[] = [];
  const facts: string[] = [];
  let src: TicketSource | null = null;
  let report: CheckReport | null = null;
  let chainSpn = spn;

  switch (d.kind) {
    case 'ccache':
      src = ticketsFromCcache(typeof input === 'string' ? Buffer.from(input, 'latin1') : input, name);
      break;
    case 'mit-klist':
    case 'heimdal-klist':
    case 'windows-klist':
      src = ticketsFromKlistText(text, {}, name);
      break;
    case 'windows-klist-tgt': {
      const failure = findKlistFailure(toLines(text, 'KLIST'));
      if (failure) {
        const f = failureEvidence(failure, 'krbtgt');
        evidence.push(...f.evidence, { kind: 'tgt', state: 'missing' });
        facts.push(...f.facts);
      } else src = ticketsFromKlistText(text, {}, name);
      break;
    }
    case 'windows-klist-get':
    case 'windows-klist-error': {
      const r = parseKlistGet(text);
      if (r.ok) {
        facts.push(`a ticket to ${r.spn ?? '(SPN not named)'} was retrieved`);
        chainSpn = spn ?? r.spn;
        src = ticketsFromKlistText(text, {}, name);
      } else {
        const f = failureEvidence(r, spn);
        evidence.push(...f.evidence);
        facts.push(...f.facts);
      }
      break;
    }
    case 'windows-cloud-debug': {
      const c = parseCloudDebug(text);
      evidence.push({ kind: 'cloud-debug', policyEnabled: c.enabledByPolicy, cloudTgtAvailable: c.cloudPrimaryTgtAvailable });
      facts.push(`cloud Kerberos enabled by policy: ${yn(c.enabledByPolicy)}`, `cloud TGT (hybrid logon) available: ${yn(c.cloudPrimaryTgtAvailable)}`, `KDC proxy in cache: ${yn(c.kdcProxyPresent)}`);
      break;
    }
    case 'dsregcmd': {
      const s = parseDsregcmd(text);
      evidence.push({ kind: 'dsregcmd', azureAdJoined: s.device.azureAdJoined, domainJoined: s.device.domainJoined, azureAdPrt: s.sso.azureAdPrt, cloudTgt: s.sso.cloudTgt, onPremTgt: s.sso.onPremTgt });
      facts.push(
        `Entra joined: ${yn(s.device.azureAdJoined)}, domain joined: ${yn(s.device.domainJoined)}${s.device.domainName ? ` (${s.device.domainName})` : ''}`,
        `PRT: ${yn(s.sso.azureAdPrt)}, on-prem TGT: ${yn(s.sso.onPremTgt)}, cloud TGT: ${yn(s.sso.cloudTgt)}`,
        `flow this session can use: ${s.sso.cloudTgt ? 'modern (cloud TGT)' : s.sso.onPremTgt ? 'incoming trust (on-prem TGT + referral)' : 'none shown'}`,
      );
      if (s.sso.kerbTopLevelNames.length) facts.push(`host suffixes sent to Entra Kerberos: ${s.sso.kerbTopLevelNames.join(', ')}`);
      break;
    }
    case 'kerbprobe-report':
      report = readReport(text);
      break;
    default:
      throw new KerbProbeError('INPUT_NOT_RECOGNISED', `${name}: not a ccache, klist, klist get/tgt, klist cloud_debug, dsregcmd /status or KerbProbe report`);
  }

  if (report) {
    return { kind: d.kind, ticketSet: report.chain ? { source: name, defaultPrincipal: null, tickets: report.tickets, chain: report.chain } : null, timeZone: null, findings: report.chain?.findings ?? [], diagnoses: report.diagnosis ? [report.diagnosis] : [], facts: [`saved check of ${report.target.server}:${report.target.port} at ${report.startedAt}: ${report.verdict.toUpperCase()}`], report };
  }
  const set = src ? toTicketSet(src, { spn: chainSpn, now }) : null;
  if (set) evidence.push(...ticketEvidence(set));
  const diagnosis = evidence.length ? analyzeEvidence(evidence).diagnosis : null;
  return { kind: d.kind, ticketSet: set, timeZone: src?.timeZone ?? null, findings: set?.chain.findings ?? [], diagnoses: diagnosis ? [diagnosis] : [], facts, report: null };
}
