// `kerbprobe analyze FILE…`: the helpdesk's offline view of what a user pasted, saved or collected (klist,
// klist get, klist tgt, klist cloud_debug, dsregcmd, reg query, a ccache, a KerbProbe report, a bundle of
// `kerbprobe collect`): what each input showed, then ONE diagnosis from the evidence of all of them.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { parseAt, parseHistoryLimit } from '../option-parsers';
import { hangingParagraph } from '../hanging-paragraph';
import type { CombinedAnalysis, InputAnalysisResult } from '../../contract/analysis';
import type { Diagnosis } from '../../contract/report';
import type { FleetOpts } from '../render-fleet';
import { FLEET_MAX_FILES } from '../../contract/fleet';
import { HISTORY_FILE_READ_SECONDS, MAX_INPUT_BYTES, formatBytes } from '../../contract/limits';

// The text views of tickets load when an analysis is printed, not for `kerbprobe --help`.
const loadTicketViews = () => import('../../engine/tickets/format-tickets');
type TicketViews = Awaited<ReturnType<typeof loadTicketViews>>;

interface AnalyzeOpts extends FleetOpts {
  spn?: string;
  at?: Date;
  json?: boolean;
  fleet?: boolean;
}

const JUDGED: Record<InputAnalysisResult['judgedAtSource'], string> = {
  input: 'the capture time the input gives',
  given: 'the capture time given with --at',
  read: 'the time of reading: the input does not say when it was captured (give --at)',
  earliest: "the newest ticket's start, the earliest moment it can have been captured",
};

function renderDiagnosis(diagnosis: Diagnosis, columns?: number): string {
  return (
    [
      ...hangingParagraph('diagnosis → ', `${diagnosis.code}: ${diagnosis.title}`, columns),
      ...hangingParagraph('  cause: ', diagnosis.cause, columns),
      ...hangingParagraph('  fix (user): ', diagnosis.fixUser, columns),
      ...hangingParagraph('  fix (helpdesk): ', diagnosis.fixHelpdesk, columns),
      ...diagnosis.evidence.flatMap((line) => hangingParagraph('  evidence: ', line, columns)),
    ].join('\n') + '\n'
  );
}

function renderInput(views: TicketViews, input: InputAnalysisResult, several: boolean, columns?: number): string {
  const lines = [`== ${input.name}: ${input.kind}`];
  if (input.judgedAt) lines.push(`judged as of ${input.judgedAt} (${JUDGED[input.judgedAtSource]})`);
  // A paste cut short: said first, before anything read from it.
  lines.push(...(input.notes ?? []).flatMap((note) => hangingParagraph('READ ONLY IN PART: ', note, columns)));
  // A fact can be long (a message Windows printed): on a terminal it wraps, its further lines indented.
  lines.push(...input.facts.flatMap((fact) => hangingParagraph('', fact, columns, '  ')));
  let out = lines.join('\n') + '\n';
  if (input.ticketSet && input.kind !== 'kerbprobe-report') {
    const note =
      input.timeZone === 'local'
        ? 'times: local time of the machine that printed them (no offset given)'
        : 'times: UTC';
    out += views.formatTicketTable(input.ticketSet, note);
  }
  if (input.ticketSet) out += views.formatChain(input.ticketSet.chain);
  // With one input its diagnosis is the combined one, printed once below.
  if (several && input.diagnosis) out += `this input alone → ${input.diagnosis.code}: ${input.diagnosis.title}\n`;
  return out;
}

function renderAnalysis(views: TicketViews, combined: CombinedAnalysis, columns?: number): string {
  const several = combined.inputs.length > 1;
  let out = combined.inputs.map((input) => renderInput(views, input, several, columns)).join('\n');
  out += several ? `\n== all ${combined.inputs.length} inputs together\n` : '';
  if (combined.diagnosis) out += renderDiagnosis(combined.diagnosis, columns);
  else if (several) out += 'no failure shown by the inputs together\n';
  return out;
}

export function register(program: Command, { io, engine, action }: CliContext): void {
  program
    .command('analyze')
    .description(
      'one diagnosis from saved, pasted or collected evidence: klist, klist get, klist tgt, klist cloud_debug, ' +
        'dsregcmd /status, reg query, a ccache, a KerbProbe report or bundle, an admin report (kerbprobe admin --json)',
    )
    .argument('<files...>', 'files to analyze together')
    .option('--spn <spn>', 'the SQL SPN the tickets should reach')
    .option(
      '--at <time>',
      'when the files were captured (ISO 8601), for files that do not say (with --fleet: the time "ago" is ' +
        'counted from); default: now',
      parseAt,
    )
    .option(
      '--json',
      'print only the combined analysis (with --fleet: the fleet summary) as JSON ' +
        '(contract/analysis.ts, contract/fleet.ts)',
    )
    .option(
      '--fleet',
      'read the files and folders as a fleet: history files (.jsonl) and reports, ' +
        'counted by code, OS build, flow and site ' +
        `(at most ${FLEET_MAX_FILES} files, ${formatBytes(MAX_INPUT_BYTES.history)} and ` +
        `${HISTORY_FILE_READ_SECONDS} s each; a file over a limit is listed as unreadable)`,
    )
    .option('--code <code>', 'with --fleet: list the checks with this diagnosis code (or PASS), newest first')
    .option('--device <name>', 'with --fleet: list the checks of this device')
    .option('--limit <n>', 'with --fleet: how many checks a drill-down lists (1-1000, default 100)', parseHistoryLimit)
    .option('--from <time>', 'with --fleet: only the checks at or after this time (ISO 8601)', parseAt)
    .option('--to <time>', 'with --fleet: only the checks before this time (ISO 8601)', parseAt)
    .action(
      action(async (files: string[], opts: AnalyzeOpts) => {
        if (opts.fleet) return (await import('../render-fleet')).runFleet(io, engine, files, opts);
        const combined = await engine.analyzeFiles(files, {
          spn: opts.spn ?? null,
          ...(opts.at ? { at: opts.at } : {}),
        });
        if (opts.json) io.json(JSON.stringify(combined, null, 2));
        else io.stdout(renderAnalysis(await loadTicketViews(), combined, io.isTTY ? io.columns : undefined) + '\n');
        return combined.failed ? 1 : 0;
      }),
    );
}
