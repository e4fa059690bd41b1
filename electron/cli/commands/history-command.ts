// `kerbprobe history [--json]`: where this user's check history is and its newest entries.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { parseHistoryLimit } from '../option-parsers';
import type { HistoryEntry, HistoryRead } from '../../contract/history';
import { HISTORY_FILE_READ_SECONDS, MAX_INPUT_BYTES, formatBytes } from '../../contract/limits';

interface HistoryOpts {
  json?: boolean;
  file?: string;
  server?: string;
  limit: number;
}

function entryLine(entry: HistoryEntry): string {
  const what = entry.verdict === 'pass' ? 'PASS' : `FAIL ${entry.code ?? 'UNKNOWN'}`;
  const where = `${entry.server}:${entry.port}`.padEnd(40);
  const who = `${entry.device}${entry.user ? ` ${entry.user}` : ''}`;
  return `${entry.time}  ${where}  ${what.padEnd(30)}  ${entry.flow ?? '-'}  ${entry.totalMs} ms  ${who}`;
}

function renderHistory(history: HistoryRead): string {
  const out = [`history: ${history.path}`];
  if (history.entries.length === 0) out.push('  (no checks recorded yet)');
  for (const entry of history.entries) out.push(`  ${entryLine(entry)}`);
  if (history.skipped) {
    const torn = history.torn ? ' (the last one was cut off mid-write)' : '';
    out.push(`  ${history.skipped} line(s) that are not history entries were skipped${torn}`);
  }
  return out.join('\n') + '\n';
}

export function register(program: Command, { io, engine, action }: CliContext): void {
  program
    .command('history')
    .description(
      "print where this user's check history is kept and its newest entries (every `check` appends one line)",
    )
    .option('--json', 'print { path, entries, skipped, torn } as JSON')
    .option(
      '--file <path>',
      'read this history file instead of the default (also: KERBPROBE_HISTORY); ' +
        `read to at most ${formatBytes(MAX_INPUT_BYTES.history)} and ${HISTORY_FILE_READ_SECONDS} s`,
    )
    .option('--server <fqdn>', 'only the checks of this server')
    .option('--limit <n>', 'how many of the newest entries (1-1000, default 20)', parseHistoryLimit, 20)
    .action(
      action(async (opts: HistoryOpts) => {
        const query = { limit: opts.limit, ...(opts.server ? { server: opts.server } : {}) };
        const history = await engine.readHistory(query, opts.file);
        if (opts.json) io.json(JSON.stringify(history, null, 2) + '\n');
        else io.stdout(renderHistory(history));
        return 0;
      }),
    );
}
