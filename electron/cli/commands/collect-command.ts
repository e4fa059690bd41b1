// `kerbprobe collect`: in the user's own session, every command a helpdesk would ask for plus the check, into
// one bundle file that `kerbprobe analyze` and the app's Helpdesk view open. Exit 0 when the bundle was
// written (whatever it shows: analyze judges it), 2 on a usage or write error.
import type { Command } from 'commander';
import type { Bundle } from '../../contract/bundle';
import type { CollectRequest } from '../../contract/engine';
import { CHECK_TIMEOUT_SECONDS, DEFAULT_PORT } from '../../contract/limits';
import { UsageError } from '../../engine/errors';
import type { CliContext } from '../cli-context';
import { parsePort, parseSeconds } from '../option-parsers';

interface CollectOpts {
  server?: string;
  port: number;
  address?: string;
  ca?: string;
  timeout: number;
  out?: string;
  redact?: boolean;
  force?: boolean;
  check: boolean;
}

export function register(program: Command, { io, engine, action }: CliContext): void {
  program
    .command('collect')
    .description(
      'run what a helpdesk asks for (klist, klist get, klist cloud_debug, dsregcmd, registry, netsh, sc, whoami) ' +
        'and the check, into one bundle for `analyze`',
    )
    .option('--server <fqdn>', 'the instance FQDN, for klist get of its SPNs and the check')
    .option('--port <port>', 'TDS port of --server', parsePort, DEFAULT_PORT)
    .option('--address <ip>', 'connect there for the check while authenticating as --server')
    .option('--ca <file>', "PEM file of extra certificate authorities for the check's TLS")
    .option('--timeout <seconds>', 'budget of the check', parseSeconds, CHECK_TIMEOUT_SECONDS.default)
    .option(
      '--out <file>',
      'where to write the bundle (default kerbprobe-bundle-<time>.json here; never overwritten unless --force)',
    )
    .option('--redact', 'replace user names, host names, realms, tenant ids, addresses and SIDs with placeholders')
    .option('--force', 'overwrite an existing --out file')
    .option('--no-check', 'collect the commands only')
    .action(
      action(async (opts: CollectOpts) => {
        const { bundle, path } = await engine.collectToFile(collectRequest(opts), {
          ...(opts.out ? { path: opts.out } : {}),
          overwrite: Boolean(opts.force),
        });
        io.stdout(renderCollected(bundle, path));
        return 0;
      }),
    );
}

function collectRequest(opts: CollectOpts): CollectRequest {
  const server = opts.server?.trim();
  if (opts.server !== undefined && !server) throw new UsageError('--server must not be empty.');
  return {
    target: server ? { server, port: opts.port } : null,
    redact: Boolean(opts.redact),
    check: opts.check
      ? {
          ...(opts.address ? { address: opts.address } : {}),
          ...(opts.ca ? { caFile: opts.ca } : {}),
          timeoutSeconds: opts.timeout,
        }
      : false,
  };
}

function renderCollected(bundle: Bundle, path: string): string {
  const lines = bundle.commands.map((capture) => {
    const outcome = capture.outcome === 'ok' ? `exit ${capture.exitCode ?? '?'}` : capture.outcome.padEnd(6);
    const note = capture.note && capture.outcome !== 'ok' ? ` — ${capture.note}` : '';
    return `  ${outcome}  ${capture.command}${note}`;
  });
  if (bundle.check) {
    const code = bundle.check.diagnosis ? ` (${bundle.check.diagnosis.code})` : '';
    lines.push(`  check   ${bundle.check.verdict}${code}`);
  } else if (bundle.checkError)
    lines.push(`  check   not completed [${bundle.checkError.code}] ${bundle.checkError.message}`);
  if (bundle.elevated)
    lines.push(
      'warning: this session is elevated; its tickets are not those of your own session. ' +
        'Collect again from a normal window.',
    );
  return (
    `Collected ${bundle.commands.length} commands${bundle.redacted ? ' (redacted)' : ''}:\n${lines.join('\n')}\n` +
    `Bundle written to ${path} — open it with \`kerbprobe analyze ${path}\` or in the app's Helpdesk view.\n`
  );
}
