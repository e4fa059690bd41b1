// `kerbprobe collect`: in the user's own session, every command a helpdesk would ask for plus the check, into
// one bundle file that `kerbprobe analyze` and the app's Helpdesk view open. Exit 0 when the bundle was
// written (whatever it shows: analyze judges it), 2 on a usage or write error.
import type { Command } from 'commander';
import { DEFAULT_PORT } from '../../contract/limits';
import { KerbProbeError, UsageError } from '../../engine/errors';
import type { CliContext } from '../program';
import { parsePort, parseSeconds } from './check';

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

const loadEngine = async () => ({
  ...(await import('../../engine/collect/collect-bundle')),
  ...(await import('../../engine/check/run-check')),
  ...(await import('../../engine/check/real-deps')),
  ...(await import('../../engine/run-tool')),
});

export function register(program: Command, { io, action }: CliContext): void {
  program
    .command('collect')
    .description(
      'run what a helpdesk asks for (klist, klist get, klist cloud_debug, dsregcmd, registry, netsh, sc, whoami) and the check, into one bundle for `analyze`',
    )
    .option('--server <fqdn>', 'the instance FQDN, for klist get of its SPNs and the check')
    .option('--port <port>', 'TDS port of --server', parsePort, DEFAULT_PORT)
    .option('--address <ip>', 'connect there for the check while authenticating as --server')
    .option('--ca <file>', "PEM file of extra certificate authorities for the check's TLS")
    .option('--timeout <seconds>', 'budget of the check', parseSeconds, 15)
    .option(
      '--out <file>',
      'where to write the bundle (default kerbprobe-bundle-<time>.json here; never overwritten unless --force)',
    )
    .option('--redact', 'replace user names, host names, realms, tenant ids, addresses and SIDs with placeholders')
    .option('--force', 'overwrite an existing --out file')
    .option('--no-check', 'collect the commands only')
    .action(
      action(async (opts: CollectOpts) => {
        const server = opts.server?.trim();
        if (opts.server !== undefined && !server) throw new UsageError('--server must not be empty.');
        const { collectBundle, runCheck, createRealDeps, runTool } = await loadEngine();
        const now = io.now();
        const out = opts.out ?? `kerbprobe-bundle-${now.toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`;
        const target = server ? { server, port: opts.port } : null;
        const bundle = await collectBundle({
          platform: process.platform,
          runTool,
          now: () => now,
          target,
          redact: Boolean(opts.redact),
          ...(target && opts.check
            ? {
                runCheck: () =>
                  runCheck(
                    {
                      server: target.server,
                      port: target.port,
                      ...(opts.address ? { address: opts.address } : {}),
                      ...(opts.ca ? { caFile: opts.ca } : {}),
                      timeoutSeconds: opts.timeout,
                    },
                    createRealDeps(),
                    { now: io.now },
                  ),
              }
            : {}),
        });
        try {
          const { writeFile } = await import('node:fs/promises');
          await writeFile(out, `${JSON.stringify(bundle, null, 2)}\n`, {
            encoding: 'utf8',
            flag: opts.force ? 'w' : 'wx',
            mode: 0o600,
          });
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') throw new UsageError(`${out} already exists; pass --force to overwrite it`);
          throw new KerbProbeError('BUNDLE_WRITE_FAILED', `cannot write ${out}: ${code ?? 'error'}`, { cause: err });
        }
        const lines = bundle.commands.map(
          (c) =>
            `  ${c.outcome === 'ok' ? `exit ${c.exitCode ?? '?'}` : c.outcome.padEnd(6)}  ${c.command}${c.note && c.outcome !== 'ok' ? ` — ${c.note}` : ''}`,
        );
        if (bundle.check)
          lines.push(
            `  check   ${bundle.check.verdict}${bundle.check.diagnosis ? ` (${bundle.check.diagnosis.code})` : ''}`,
          );
        else if (bundle.checkError)
          lines.push(`  check   not completed [${bundle.checkError.code}] ${bundle.checkError.message}`);
        if (bundle.elevated)
          lines.push(
            'warning: this session is elevated; its tickets are not those of your own session. Collect again from a normal window.',
          );
        io.stdout(
          `Collected ${bundle.commands.length} commands${bundle.redacted ? ' (redacted)' : ''}:\n${lines.join('\n')}\nBundle written to ${out} — open it with \`kerbprobe analyze ${out}\` or in the app's Helpdesk view.\n`,
        );
        return 0;
      }),
    );
}
