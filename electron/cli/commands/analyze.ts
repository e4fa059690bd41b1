// `kerbprobe analyze FILE…`: the helpdesk's offline view of what a user pasted or saved (klist, klist get,
// klist tgt, klist cloud_debug, dsregcmd, a ccache, a KerbProbe report).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliIo } from '../program';
import { KerbProbeError, UsageError } from '../../engine/errors';
import { CheckReportSchema } from '../../contract/report';
import { detectInput } from '../../engine/tickets/detect-input';
import { ticketsFromCcache, ticketsFromKlistText, toTicketSet } from '../../engine/tickets/ticket-source';
import { parseKlistGet, findKlistFailure } from '../../engine/tickets/windows-klist-get';
import { parseCloudDebug } from '../../engine/tickets/windows-cloud-debug';
import { parseDsregcmd } from '../../engine/tickets/dsregcmd';
import { toLines } from '../../engine/tickets/text';
import { formatChain, formatTicketTable } from '../../engine/tickets/format';
import { lookupWindowsStatus, resolveStatusCode, formatStatus } from '../../engine/diagnose/windows-status';
import { catalogEntry } from '../../engine/diagnose/catalog';

/** The diagnosis a Windows status number points to, from the diagnose module's tables. */
function statusDiagnosis(statuses: (number | null)[], cloud: boolean | null): string[] {
  const out: string[] = [];
  for (const s of statuses) {
    if (s === null) continue;
    const entry = lookupWindowsStatus(s);
    if (!entry) { out.push(`  ${formatStatus(s)}: not a status KerbProbe knows`); continue; }
    const code = resolveStatusCode(entry, { cloud });
    out.push(`  ${formatStatus(s)} ${entry.name} → ${code}: ${catalogEntry(code).title}`, `    fix (user): ${catalogEntry(code).fixUser}`, `    fix (helpdesk): ${catalogEntry(code).fixHelpdesk}`);
    break; // the most specific number (the substatus) decides; the NTSTATUS after it only repeats it
  }
  return out;
}

async function analyzeOne(path: string, now: Date, spn: string | null): Promise<{ text: string; failed: boolean }> {
  let bytes: Buffer;
  try { bytes = await readFile(path); } catch (err) {
    throw new KerbProbeError('INPUT_UNREADABLE', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const d = detectInput(bytes);
  const head = `== ${path}: ${d.kind}\n`;
  const text = d.text ?? '';
  switch (d.kind) {
    case 'ccache':
    case 'mit-klist': case 'heimdal-klist': case 'windows-klist': case 'windows-klist-tgt': {
      if (d.kind === 'windows-klist-tgt') {
        const failure = findKlistFailure(toLines(text, 'KLIST'));
        if (failure) return { text: head + `klist failed: status ${failure.statusHex}\n` + statusDiagnosis([failure.status], null).join('\n') + '\n', failed: true };
      }
      const src = d.kind === 'ccache' ? ticketsFromCcache(bytes, path) : ticketsFromKlistText(text, {}, path);
      const set = toTicketSet(src, { spn, now });
      const note = src.timeZone === 'local' ? 'times: local time of the machine that printed them' : 'times: UTC';
      return { text: head + formatTicketTable(set, note) + formatChain(set.chain), failed: set.chain.findings.some((f) => f.severity === 'error') };
    }
    case 'windows-klist-get': case 'windows-klist-error': {
      const r = parseKlistGet(text);
      if (r.ok) {
        const set = toTicketSet(ticketsFromKlistText(text, {}, path), { spn: spn ?? r.spn, now });
        return { text: head + `ticket retrieved for ${r.spn ?? '(SPN not named)'}\n` + formatChain(set.chain), failed: set.chain.findings.some((f) => f.severity === 'error') };
      }
      const lines = [`klist failed: substatus ${r.substatusHex ?? 'none'}, status ${r.statusHex ?? 'none'}`];
      if (r.statusText) lines.push(`  Windows said (localized text, shown as printed): ${r.statusText}`);
      return { text: head + [...lines, ...statusDiagnosis([r.substatus, r.status], null)].join('\n') + '\n', failed: true };
    }
    case 'windows-cloud-debug': {
      const c = parseCloudDebug(text);
      const lines = [`cloud Kerberos enabled by policy: ${c.enabledByPolicy ?? 'unknown'}`, `cloud TGT available: ${c.cloudPrimaryTgtAvailable ?? 'unknown'}`, `KDC proxy in cache: ${c.kdcProxyPresent ?? 'unknown'}`];
      if (c.enabledByPolicy === false) lines.push(`  → CLOUD_KERBEROS_POLICY_OFF: ${catalogEntry('CLOUD_KERBEROS_POLICY_OFF').title}`);
      else if (c.cloudPrimaryTgtAvailable === false) lines.push(`  → CLOUD_TGT_MISSING: ${catalogEntry('CLOUD_TGT_MISSING').title}`);
      return { text: head + lines.join('\n') + '\n', failed: c.enabledByPolicy === false || c.cloudPrimaryTgtAvailable === false };
    }
    case 'dsregcmd': {
      const s = parseDsregcmd(text);
      const yn = (b: boolean | null): string => (b === null ? 'not shown' : b ? 'YES' : 'NO');
      const lines = [`Entra joined: ${yn(s.device.azureAdJoined)}, domain joined: ${yn(s.device.domainJoined)} (${s.device.domainName ?? '-'})`,
        `PRT: ${yn(s.sso.azureAdPrt)}, on-prem TGT: ${yn(s.sso.onPremTgt)}, cloud TGT: ${yn(s.sso.cloudTgt)}`,
        `flow this device can use: ${s.sso.cloudTgt ? 'modern (cloud TGT)' : s.sso.onPremTgt ? 'incoming trust (on-prem TGT + referral)' : 'none shown'}`];
      const failed = s.sso.cloudTgt !== true && s.sso.onPremTgt !== true;
      if (failed) lines.push(`  → CLOUD_TGT_MISSING: ${catalogEntry('CLOUD_TGT_MISSING').title}`);
      return { text: head + lines.join('\n') + '\n', failed };
    }
    case 'kerbprobe-report': {
      let json: unknown;
      try { json = JSON.parse(text); } catch { throw new KerbProbeError('REPORT_INVALID', `${path} is not valid JSON`); }
      const parsed = CheckReportSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new KerbProbeError('REPORT_INVALID', `${path} is not a KerbProbe report: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema mismatch'}`);
      }
      const r = parsed.data;
      const lines = [`verdict: ${r.verdict.toUpperCase()}  (${r.target.server}:${r.target.port}, ${r.startedAt})`];
      if (r.diagnosis) lines.push(`diagnosis: ${r.diagnosis.code} — ${r.diagnosis.title}`, `  cause: ${r.diagnosis.cause}`, `  fix (user): ${r.diagnosis.fixUser}`, `  fix (helpdesk): ${r.diagnosis.fixHelpdesk}`);
      for (const s of r.steps) lines.push(`  [${s.status}] ${s.title}: ${s.detail}`);
      return { text: head + lines.join('\n') + '\n' + (r.chain ? formatChain(r.chain) : ''), failed: r.verdict === 'fail' };
    }
    default:
      throw new KerbProbeError('INPUT_NOT_RECOGNISED', `${path}: not a ccache, klist, klist get/tgt, cloud_debug, dsregcmd or KerbProbe report`);
  }
}

export function register(program: Command, io: CliIo): void {
  program.command('analyze')
    .description('explain saved or pasted evidence: klist, klist get, klist tgt, klist cloud_debug, dsregcmd /status, a ccache, a KerbProbe report')
    .argument('<files...>', 'files to analyze')
    .option('--spn <spn>', 'the SQL SPN the tickets should reach')
    .option('--at <time>', 'judge expiry at this time (ISO 8601; default now) — e.g. when the output was captured')
    .action(async (files: string[], opts: { spn?: string; at?: string }) => {
      const now = opts.at ? new Date(opts.at) : new Date();
      if (Number.isNaN(now.getTime())) throw new UsageError(`--at "${opts.at}" is not a date`);
      let failed = false;
      for (const f of files) {
        const r = await analyzeOne(f, now, opts.spn ?? null);
        io.stdout(r.text + '\n');
        failed ||= r.failed;
      }
      process.exitCode = failed ? 1 : 0;
    });
}
