// `kerbprobe history [--json]`: where this user's check history is and its newest entries.
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { parseHistoryLimit } from '../history-options';
import type { HistoryEntry } from '../../contract/history';

interface Opts {
  json?: boolean;
  file?: string;
  server?: string;
  limit: number;
}

function line(e: HistoryEntry): string {
  const what = e.verdict === 'pass' ? 'PASS' : `FAIL ${e.code ?? 'UNKNOWN'}`;
  return `${e.time}  ${`${e.server}:${e.port}`.padEnd(40)}  ${what.padEnd(30)}  ${e.flow ?? '-'}  ${e.totalMs} ms  ${e.device}${e.user ? ` ${e.user}` : ''}`;
}

export function register(program: Command, { io, action }: CliContext): void {
  program
    .command('history')
    .description(
      "print where this user's check history is kept and its newest entries (every `check` appends one line)",
    )
    .option('--json', 'print { path, entries, skipped, torn } as JSON')
    .option('--file <path>', 'read this history file instead of the default (also: KERBPROBE_HISTORY)')
    .option('--server <fqdn>', 'only the checks of this server')
    .option('--limit <n>', 'how many of the newest entries (1-1000, default 20)', parseHistoryLimit, 20)
    .action(
      action(async (opts: Opts) => {
        const [{ readHistory }, { historyPath }] = await Promise.all([
          import('../../engine/history/history-file'),
          import('../../engine/history/history-path'),
        ]);
        const path = opts.file ?? historyPath();
        const h = await readHistory(path, { limit: opts.limit, ...(opts.server ? { server: opts.server } : {}) });
        if (opts.json) {
          io.json(JSON.stringify(h, null, 2) + '\n');
          return 0;
        }
        const out = [`history: ${h.path}`];
        if (h.entries.length === 0) out.push('  (no checks recorded yet)');
        for (const e of h.entries) out.push(`  ${line(e)}`);
        if (h.skipped)
          out.push(
            `  ${h.skipped} line(s) that are not history entries were skipped${h.torn ? ' (the last one was cut off mid-write)' : ''}`,
          );
        io.stdout(out.join('\n') + '\n');
        return 0;
      }),
    );
}
