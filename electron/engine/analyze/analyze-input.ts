// The helpdesk's offline view: what a user pasted or saved (klist, klist get, klist tgt, klist cloud_debug,
// dsregcmd /status, a ccache, a KerbProbe report) → tickets, chain, facts and ONE diagnosis from the same
// classifier the live check uses. `kerbprobe analyze` and the app's Helpdesk view both call this.
import type { CheckReport, Diagnosis, Finding, TicketSet } from '../../contract/index';
import type { ReportContradiction } from '../../contract/report';
import { analyzeEvidence } from '../diagnose/classify';
import { CLOUD_REALM, sanitizeEvidenceText, type Evidence } from '../diagnose/evidence';
import { KerbProbeError } from '../errors';
import { MAX_INPUT_BYTES } from '../../contract/limits';
import { InputTooLargeError } from '../read-bounded';
import { readReport } from '../report/read-report';
import { reportContradictions } from '../report/report-consistency';
import { detectInput, type InputKind } from '../tickets/detect-input';
import { parseDsregcmd } from '../environment/dsregcmd';
import { toLines } from '../tickets/text';
import { ticketsFromCcache, ticketsFromKlistText, toTicketSet, type TicketSource } from '../tickets/ticket-source';
import { parseCloudDebug } from '../environment/windows-cloud-debug';
import { klistFailureEvidence } from '../tickets/klist-get-evidence';
import { findKlistFailure, parseKlistGet, type KlistFailure } from '../tickets/windows-klist-get';
import { describeUnread, type UnreadLine } from '../tickets/unread-lines';

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
  /** A saved KerbProbe report, as read (its diagnosis texts are the catalogue's, see read-report.ts). */
  report: CheckReport | null;
  /** Lines of a recognised output that could not be read (also said in `facts`, sanitized). */
  unread: UnreadLine[];
  /** How a saved report contradicts itself (empty for anything else, and for a consistent report). */
  contradictions: ReportContradiction[];
}

export interface AnalyzeOptions {
  name?: string;
  /** The SPN the tickets should reach, when known. */
  spn?: string | null;
  /** Judge expiry at this time: the real time for a live paste, or when the output was captured. */
  now: Date;
}

const yn = (b: boolean | null): string => (b === null ? 'not shown' : b ? 'YES' : 'NO');
/** dsregcmd's CloudTgt / OnPremTgt lines exist from Windows 11 21H2 on (troubleshoot-device-dsregcmd, "SSO state"). */
const tgtYn = (b: boolean | null): string => (b === null ? 'not printed (a build before Windows 11 21H2 does not say)' : b ? 'YES' : 'NO');

/**
 * The flow a dsregcmd /status alone can show. CloudTgt YES is the modern flow's cloud TGT. The trust-based
 * flow's first ticket is a TGT from a domain controller, which only klist shows; OnPremTgt is a cloud
 * Kerberos trust ticket for on-premises resources and says nothing about it:
 * https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state,
 * https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot.
 */
function dsregFlow(s: ReturnType<typeof parseDsregcmd>): string {
  if (s.sso.cloudTgt === true) return 'modern interactive (CloudTgt YES: a cloud Kerberos ticket for cloud resources is present)';
  const modern = s.sso.cloudTgt === false ? 'not the modern flow (CloudTgt NO)' : 'modern flow not shown (no CloudTgt line)';
  if (s.device.domainJoined === true) return `${modern}; incoming trust possible (DomainJoined YES) — shown only by a TGT from a domain controller in \`klist\` (krbtgt/<AD realm>), which dsregcmd cannot show`;
  return `${modern}; not the incoming trust flow (DomainJoined ${yn(s.device.domainJoined)})`;
}

/** A valid TGT of an AD realm (not the Entra realm, not a cloud TGT whose client realm reads AzureAD). */
function dcTgtEvidence(set: TicketSet): Evidence[] {
  const tgt = set.chain.hops.find((h) => h.kind === 'tgt');
  if (!tgt || tgt.status === 'missing' || tgt.status === 'expired' || tgt.ticketIndex === null) return [];
  const t = set.tickets[tgt.ticketIndex];
  if (!t || t.serverRealm.toUpperCase() === CLOUD_REALM || /^azuread$/i.test(t.clientRealm ?? '')) return [];
  return [{ kind: 'dc-tgt', realm: t.serverRealm, ...(t.kdcCalled ? { kdcCalled: t.kdcCalled } : {}) }];
}

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
  let unread: UnreadLine[] = [];
  let unreadWhat = '';

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
      facts.push(`cloud Kerberos enabled by policy: ${yn(c.enabledByPolicy)}`, `Cloud Primary (Hybrid logon) TGT available (cloud Kerberos trust): ${yn(c.cloudPrimaryTgtAvailable)}`, `KDC proxy in cache: ${yn(c.kdcProxyPresent)}`);
      unread = c.unread;
      unreadWhat = 'klist cloud_debug';
      break;
    }
    case 'dsregcmd': {
      const s = parseDsregcmd(text);
      evidence.push({ kind: 'dsregcmd', azureAdJoined: s.device.azureAdJoined, domainJoined: s.device.domainJoined, azureAdPrt: s.sso.azureAdPrt, cloudTgt: s.sso.cloudTgt, onPremTgt: s.sso.onPremTgt });
      facts.push(
        `Entra joined: ${yn(s.device.azureAdJoined)}, domain joined: ${yn(s.device.domainJoined)}${s.device.domainName ? ` (${sanitizeEvidenceText(s.device.domainName)})` : ''}`,
        `PRT: ${yn(s.sso.azureAdPrt)}, CloudTgt (cloud Kerberos ticket for cloud resources): ${tgtYn(s.sso.cloudTgt)}, OnPremTgt (cloud Kerberos trust ticket for on-premises resources, not the incoming trust flow): ${tgtYn(s.sso.onPremTgt)}`,
        `flow this session can use: ${dsregFlow(s)}`,
      );
      unread = s.unread;
      unreadWhat = 'dsregcmd /status';
      if (s.sso.kerbTopLevelNames.length) facts.push(`host suffixes sent to Entra Kerberos: ${sanitizeEvidenceText(s.sso.kerbTopLevelNames.join(', '))}`);
      break;
    }
    case 'kerbprobe-report':
      report = readReport(text);
      break;
    default:
      throw new KerbProbeError('INPUT_NOT_RECOGNISED', `${name}: not a ccache, klist, klist get/tgt, klist cloud_debug, dsregcmd /status or KerbProbe report`);
  }

  if (report) {
    const contradictions = reportContradictions(report);
    const saved = `saved check of ${report.target.server}:${report.target.port} at ${report.startedAt}`;
    const facts = contradictions.length
      ? [`${saved}: the file says ${report.verdict.toUpperCase()}, but the report contradicts itself, so no verdict is believed:`, ...contradictions.map((c) => `contradiction: ${c.message}`)]
      : [`${saved}: ${report.verdict.toUpperCase()}`];
    return { kind: d.kind, ticketSet: report.chain ? { source: name, defaultPrincipal: null, tickets: report.tickets, chain: report.chain } : null, timeZone: null, findings: report.chain?.findings ?? [], diagnoses: report.diagnosis ? [report.diagnosis] : [], facts, report, contradictions, unread: [] };
  }
  const set = src ? toTicketSet(src, { spn: chainSpn, now }) : null;
  if (set) {
    evidence.push(...ticketEvidence(set));
    const dc = dcTgtEvidence(set);
    evidence.push(...dc);
    for (const e of dc) if (e.kind === 'dc-tgt') facts.push(`TGT from a domain controller: krbtgt/${sanitizeEvidenceText(e.realm)} — the incoming trust flow's first ticket, when the device is domain joined (dsregcmd /status: DomainJoined YES)`);
  }
  if (src && 'unread' in src && Array.isArray(src.unread) && src.unread.length) {
    unread = src.unread;
    unreadWhat = `${d.kind.replace(/^windows-/, '').replace(/-/g, ' ')} output`;
  }
  const said = describeUnread(unreadWhat, unread, sanitizeEvidenceText);
  if (said) facts.push(said);
  const diagnosis = evidence.length ? analyzeEvidence(evidence).diagnosis : null;
  return { kind: d.kind, ticketSet: set, timeZone: src?.timeZone ?? null, findings: set?.chain.findings ?? [], diagnoses: diagnosis ? [diagnosis] : [], facts, report: null, contradictions: [], unread };
}
