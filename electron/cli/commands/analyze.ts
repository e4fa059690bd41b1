// `kerbprobe analyze FILE…`: the helpdesk's offline view of what a user pasted or saved (klist, klist get,
// klist tgt, klist cloud_debug, dsregcmd, a ccache, a KerbProbe report).
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { parseAt } from '../at-time';
import { readBounded } from '../../engine/read-bounded';
import { analyzeInput, type InputAnalysis } from '../../engine/analyze/analyze-input';
import { formatChain, formatTicketTable } from '../../engine/tickets/format';
import { runFleet, type FleetOpts } from '../fleet-view';
import { parseHistoryLimit } from '../history-options';

function render(path: string, a: InputAnalysis): string {
  const lines = [`== ${path}: ${a.kind}`, ...a.facts];
  if (a.report) for (const s of a.report.steps) lines.push(`  [${s.status}] ${s.title}: ${s.detail}`);
  let out = lines.join('\n') + '\n';
  if (a.ticketSet && !a.report) {
    const note = a.timeZone === 'local' ? 'times: local time of the machine that printed them (no offset given)' : 'times: UTC';
    out += formatTicketTable(a.ticketSet, note);
  }
  if (a.ticketSet) out += formatChain(a.ticketSet.chain);
  for (const d of a.diagnoses) {
    out += [`diagnosis → ${d.code}: ${d.title}`, `  cause: ${d.cause}`, `  fix (user): ${d.fixUser}`, `  fix (helpdesk): ${d.fixHelpdesk}`, ...d.evidence.map((e) => `  evidence: ${e}`)].join('\n') + '\n';
  }
  return out;
}

/** Exit 1 for a failed check, and for a report that contradicts itself (its "pass" is not believed). */
function failed(a: InputAnalysis): boolean {
  if (a.report) return a.report.verdict === 'fail' || a.contradictions.length > 0;
  return a.diagnoses.length > 0 || a.findings.some((f) => f.severity === 'error');
}

async function analyzeFile(path: string, now: Date, spn: string | null): Promise<{ text: string; failed: boolean }> {
  // A report is the largest input analyze takes; analyzeInput holds every other kind to its own limit.
  const bytes = await readBounded(path, 'report');
  const a = analyzeInput(bytes, { name: path, spn, now });
  return { text: render(path, a), failed: failed(a) };
}

export function register(program: Command, { io, action }: CliContext): void {
  program.command('analyze')
    .description('explain saved or pasted evidence: klist, klist get, klist tgt, klist cloud_debug, dsregcmd /status, a ccache, a KerbProbe report')
    .argument('<files...>', 'files to analyze')
    .option('--spn <spn>', 'the SQL SPN the tickets should reach')
    .option('--at <time>', 'judge expiry as of this time (ISO 8601; default now), e.g. when the output was captured', parseAt)
    .option('--fleet', 'read the files and folders as a fleet: history files (.jsonl) and reports, counted by code, OS build, flow and site')
    .option('--code <code>', 'with --fleet: list the checks with this diagnosis code (or PASS), newest first')
    .option('--device <name>', 'with --fleet: list the checks of this device')
    .option('--limit <n>', 'with --fleet: how many checks a drill-down lists (1-1000, default 100)', parseHistoryLimit)
    .option('--json', 'with --fleet: print the summary as JSON')
    .action(action(async (files: string[], opts: { spn?: string; at?: Date; fleet?: boolean } & FleetOpts) => {
      if (opts.fleet) return runFleet(io, files, opts);
      const now = opts.at ?? io.now();
      let failed = false;
      for (const f of files) {
        const r = await analyzeFile(f, now, opts.spn ?? null);
        io.stdout(r.text + '\n');
        failed ||= r.failed;
      }
      return failed ? 1 : 0;
    }));
}
