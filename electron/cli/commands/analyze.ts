// `kerbprobe analyze FILE…`: the helpdesk's offline view of what a user pasted, saved or collected (klist,
// klist get, klist tgt, klist cloud_debug, dsregcmd, reg query, a ccache, a KerbProbe report, a bundle of
// `kerbprobe collect`): what each input showed, then ONE diagnosis from the evidence of all of them.
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { parseAt } from '../at-time';
import type { AnalysisInput } from '../../engine/analyze/analyze-inputs';
import type { CombinedAnalysis, InputAnalysisResult } from '../../contract/analysis';
import type { Diagnosis } from '../../contract/report';
import type { FleetOpts } from '../fleet-view';
import { parseHistoryLimit } from '../history-options';

// The analyzers (every parser, the report schema) load when the command runs, not for `kerbprobe --help`.
const loadAnalyze = async () => ({
  ...(await import('../../engine/read-bounded')),
  ...(await import('../../engine/analyze/analyze-inputs')),
  ...(await import('../../engine/tickets/format-tickets')),
});
type Analyze = Awaited<ReturnType<typeof loadAnalyze>>;

const JUDGED: Record<InputAnalysisResult['judgedAtSource'], string> = {
  input: 'the capture time the input gives',
  given: 'the capture time given with --at',
  read: 'the time of reading: the input does not say when it was captured (give --at)',
  earliest: "the newest ticket's start, the earliest moment it can have been captured",
};

function renderDiagnosis(d: Diagnosis): string {
  return (
    [
      `diagnosis → ${d.code}: ${d.title}`,
      `  cause: ${d.cause}`,
      `  fix (user): ${d.fixUser}`,
      `  fix (helpdesk): ${d.fixHelpdesk}`,
      ...d.evidence.map((e) => `  evidence: ${e}`),
    ].join('\n') + '\n'
  );
}

function renderInput({ formatChain, formatTicketTable }: Analyze, a: InputAnalysisResult, several: boolean): string {
  const lines = [`== ${a.name}: ${a.kind}`];
  if (a.judgedAt) lines.push(`judged as of ${a.judgedAt} (${JUDGED[a.judgedAtSource]})`);
  lines.push(...a.facts);
  let out = lines.join('\n') + '\n';
  if (a.ticketSet && a.kind !== 'kerbprobe-report') {
    const note =
      a.timeZone === 'local' ? 'times: local time of the machine that printed them (no offset given)' : 'times: UTC';
    out += formatTicketTable(a.ticketSet, note);
  }
  if (a.ticketSet) out += formatChain(a.ticketSet.chain);
  // With one input its diagnosis is the combined one, printed once below.
  if (several) out += a.diagnosis ? `this input alone → ${a.diagnosis.code}: ${a.diagnosis.title}\n` : '';
  return out;
}

function render(engine: Analyze, c: CombinedAnalysis): string {
  const several = c.inputs.length > 1;
  let out = c.inputs.map((a) => renderInput(engine, a, several)).join('\n');
  out += several ? `\n== all ${c.inputs.length} inputs together\n` : '';
  out += c.diagnosis ? renderDiagnosis(c.diagnosis) : several ? 'no failure shown by the inputs together\n' : '';
  return out;
}

export function register(program: Command, { io, action }: CliContext): void {
  program
    .command('analyze')
    .description(
      'one diagnosis from saved, pasted or collected evidence: klist, klist get, klist tgt, klist cloud_debug, dsregcmd /status, reg query, a ccache, a KerbProbe report or bundle',
    )
    .argument('<files...>', 'files to analyze together')
    .option('--spn <spn>', 'the SQL SPN the tickets should reach')
    .option('--at <time>', 'when the files were captured (ISO 8601), for files that do not say; default: now', parseAt)
    .option(
      '--json',
      'print only the combined analysis (with --fleet: the fleet summary) as JSON (contract/analysis.ts, contract/fleet.ts)',
    )
    .option(
      '--fleet',
      'read the files and folders as a fleet: history files (.jsonl) and reports, counted by code, OS build, flow and site',
    )
    .option('--code <code>', 'with --fleet: list the checks with this diagnosis code (or PASS), newest first')
    .option('--device <name>', 'with --fleet: list the checks of this device')
    .option('--limit <n>', 'with --fleet: how many checks a drill-down lists (1-1000, default 100)', parseHistoryLimit)
    .action(
      action(
        async (files: string[], opts: { spn?: string; at?: Date; json?: boolean; fleet?: boolean } & FleetOpts) => {
          if (opts.fleet) return (await import('../fleet-view')).runFleet(io, files, opts);
          const engine = await loadAnalyze();
          const inputs: AnalysisInput[] = [];
          // A report is the largest input analyze takes (a bundle's limit is the same); each kind is held to its own once recognised.
          for (const f of files)
            inputs.push({
              name: f,
              content: await engine.readBounded(f, 'report'),
              ...(opts.at ? { capturedAt: opts.at } : {}),
            });
          const combined = engine.analyzeInputs(inputs, {
            spn: opts.spn ?? null,
            fallback: opts.at ? 'earliest' : { at: io.now() },
          });
          if (opts.json) io.json(JSON.stringify(combined, null, 2));
          else io.stdout(render(engine, combined) + '\n');
          return combined.failed ? 1 : 0;
        },
      ),
    );
}
