// `kerbprobe analyze FILE…`: the helpdesk's offline view of what a user pasted or saved (klist, klist get,
// klist tgt, klist cloud_debug, dsregcmd, a ccache, a KerbProbe report).
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { parseAt } from '../at-time';
import type { InputAnalysis } from '../../engine/analyze/analyze-input';

// The analyzers (every parser, the report schema) load when the command runs, not for `kerbprobe --help`.
const loadAnalyze = async () => ({
  ...(await import('../../engine/read-bounded')),
  ...(await import('../../engine/analyze/analyze-input')),
  ...(await import('../../engine/tickets/format')),
});
type Analyze = Awaited<ReturnType<typeof loadAnalyze>>;

function render({ formatChain, formatTicketTable }: Analyze, path: string, a: InputAnalysis): string {
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

async function analyzeFile(engine: Analyze, path: string, now: Date, spn: string | null): Promise<{ text: string; failed: boolean }> {
  // A report is the largest input analyze takes; analyzeInput holds every other kind to its own limit.
  const bytes = await engine.readBounded(path, 'report');
  const a = engine.analyzeInput(bytes, { name: path, spn, now });
  return { text: render(engine, path, a), failed: failed(a) };
}

export function register(program: Command, { io, action }: CliContext): void {
  program.command('analyze')
    .description('explain saved or pasted evidence: klist, klist get, klist tgt, klist cloud_debug, dsregcmd /status, a ccache, a KerbProbe report')
    .argument('<files...>', 'files to analyze')
    .option('--spn <spn>', 'the SQL SPN the tickets should reach')
    .option('--at <time>', 'judge expiry as of this time (ISO 8601; default now), e.g. when the output was captured', parseAt)
    .action(action(async (files: string[], opts: { spn?: string; at?: Date }) => {
      const now = opts.at ?? io.now();
      const engine = await loadAnalyze();
      let failed = false;
      for (const f of files) {
        const r = await analyzeFile(engine, f, now, opts.spn ?? null);
        io.stdout(r.text + '\n');
        failed ||= r.failed;
      }
      return failed ? 1 : 0;
    }));
}
