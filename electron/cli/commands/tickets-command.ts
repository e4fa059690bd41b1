// `kerbprobe tickets`: the tickets of the current cache (or of a ccache / klist file) and their chain.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { parseAt } from '../option-parsers';
import { UsageError } from '../../engine/errors';
import type { TicketInput } from '../../engine/api/engine-api';

interface TicketsOpts {
  json?: boolean;
  fromCcache?: string;
  fromKlist?: string;
  spn?: string;
  at?: Date;
}

function ticketInput(opts: TicketsOpts): TicketInput {
  if (opts.fromCcache && opts.fromKlist) throw new UsageError('use either --from-ccache or --from-klist, not both');
  if (opts.fromCcache) return { from: 'ccache', path: opts.fromCcache };
  if (opts.fromKlist) return { from: 'klist', path: opts.fromKlist };
  return { from: 'session' };
}

export function register(program: Command, { io, engine, action }: CliContext): void {
  program
    .command('tickets')
    .description(
      'show the Kerberos tickets of this session (or of a saved cache / klist output) and the chain to the SQL SPN',
    )
    .option('--json', 'print { source, defaultPrincipal, tickets, chain } as JSON')
    .option('--from-ccache <file>', 'read an MIT/Heimdal FILE credential cache')
    .option(
      '--from-klist <file>',
      'read saved klist output (Windows klist / klist get / klist tgt, MIT or Heimdal klist)',
    )
    .option('--spn <spn>', 'the SQL SPN the chain should reach, e.g. MSSQLSvc/mi.zone.database.windows.net:1433')
    .option(
      '--at <time>',
      'judge expiry as of this time (ISO 8601; default now), e.g. when the cache or klist was saved',
      parseAt,
    )
    .action(
      action(async (opts: TicketsOpts) => {
        const input = ticketInput(opts);
        // Judged as of --at, else the engine's clock (read after the tickets are, as a missing file is refused first).
        const { set, timeZone } = await engine.readTickets(input, {
          spn: opts.spn ?? null,
          ...(opts.at ? { at: opts.at } : {}),
        });
        if (opts.json) {
          io.json(JSON.stringify({ ...set, timeZone }, null, 2) + '\n');
        } else {
          // The text views of a ticket set load with the command that prints them.
          const { formatChain, formatTicketTable } = await import('../../engine/tickets/format-tickets');
          const note =
            timeZone === 'local'
              ? 'times: local time of the machine that printed them (no offset given)'
              : 'times: UTC';
          io.stdout(formatTicketTable(set, note) + '\n' + formatChain(set.chain));
        }
        return set.chain.findings.some((finding) => finding.severity === 'error') ? 1 : 0;
      }),
    );
}
