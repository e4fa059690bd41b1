// `kerbprobe tickets`: the tickets of the current cache (or of a ccache / klist file) and their chain.
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { parseAt } from '../at-time';
import { UsageError } from '../../engine/errors';
import type { TicketSource } from '../../engine/tickets/ticket-source';

// What the action runs loads when it runs (`kerbprobe --help` and the other commands start without it).
const loadTickets = async () => ({
  ...(await import('../../engine/read-bounded')),
  ...(await import('../../engine/tickets/current-cache')),
  ...(await import('../../engine/tickets/ticket-source')),
  ...(await import('../../engine/tickets/pasted-text')),
  ...(await import('../../engine/tickets/format-tickets')),
});

interface Opts {
  json?: boolean;
  fromCcache?: string;
  fromKlist?: string;
  spn?: string;
  at?: Date;
}

export function register(program: Command, { io, action }: CliContext): void {
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
      action(async (opts: Opts) => {
        if (opts.fromCcache && opts.fromKlist)
          throw new UsageError('use either --from-ccache or --from-klist, not both');
        const {
          readBounded,
          readCurrentCache,
          ticketsFromCcache,
          ticketsFromKlistText,
          toTicketSet,
          decodeText,
          formatChain,
          formatTicketTable,
        } = await loadTickets();
        let src: TicketSource;
        if (opts.fromCcache)
          src = ticketsFromCcache(await readBounded(opts.fromCcache, 'ccache'), `FILE:${opts.fromCcache}`);
        else if (opts.fromKlist)
          src = ticketsFromKlistText(decodeText(await readBounded(opts.fromKlist, 'text')), {}, opts.fromKlist);
        else src = await readCurrentCache();
        const set = toTicketSet(src, { spn: opts.spn ?? null, now: opts.at ?? io.now() });
        if (opts.json) {
          io.json(JSON.stringify({ ...set, timeZone: src.timeZone }, null, 2) + '\n');
        } else {
          const note =
            src.timeZone === 'local'
              ? 'times: local time of the machine that printed them (no offset given)'
              : 'times: UTC';
          io.stdout(formatTicketTable(set, note) + '\n' + formatChain(set.chain));
        }
        return set.chain.findings.some((f) => f.severity === 'error') ? 1 : 0;
      }),
    );
}
