// `kerbprobe check`: the whole diagnosis for one instance, bounded in time; exit 0 pass, 1 diagnosed
// failure, 2 usage or internal error. With --json stdout carries only the JSON document. With --config FILE it
// checks every instance the file lists (an unattended run: no prompt, no terminal; docs/unattended.md).
import { existsSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CHECK_TIMEOUT_SECONDS, DEFAULT_PORT } from '../../contract/limits';
import { UsageError } from '../../engine/errors';
import type { CliContext } from '../program';
import type { CheckRequest } from '../../contract/check-input';
import type { CheckReport } from '../../contract/report';

// What the action runs loads when a check runs, not for --help or the other commands: the input's schema and
// validator, the config reader, the live list and history writer, then the engine (tedious, the native
// binding, probes). Each command's start-up sets up only what it runs.
const loadInput = async () => ({
  ...(await import('../../contract/check-input')),
  ...(await import('../../engine/sql/ca-file')),
  ...(await import('../check-config')),
});
const loadEngine = async () => ({
  ...(await import('../render-check')),
  ...(await import('../record-history')),
  ...(await import('../../engine/check/run-check')),
  ...(await import('../../engine/check/real-deps')),
  ...(await import('../../engine/report/index')),
});

interface CheckOpts {
  server?: string;
  config?: string;
  port: number;
  address?: string;
  database?: string;
  encrypt: 'strict' | 'mandatory';
  ca?: string;
  trustServerCertificate?: boolean;
  timeout: number;
  json?: boolean;
  report?: string;
  redact?: boolean;
  force?: boolean;
  history: boolean;
}

// The bounds are the contract's, shared with IPC and the app's form.
const PORT_MESSAGE = 'the port must be a whole number from 1 to 65535.';
const TIMEOUT_MESSAGE = `the timeout must be a number of seconds from ${CHECK_TIMEOUT_SECONDS.min} to ${CHECK_TIMEOUT_SECONDS.max}.`;

export function parsePort(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(PORT_MESSAGE);
  const n = Number(value);
  if (n < 1 || n > 65535) throw new InvalidArgumentError(PORT_MESSAGE);
  return n;
}

export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || n < CHECK_TIMEOUT_SECONDS.min || n > CHECK_TIMEOUT_SECONDS.max)
    throw new InvalidArgumentError(TIMEOUT_MESSAGE);
  return n;
}

function nonEmpty(what: string) {
  return (value: string): string => {
    if (!value.trim()) throw new InvalidArgumentError(`${what} must not be empty.`);
    return value.trim();
  };
}

export function register(program: Command, { io, action }: CliContext): void {
  program
    .command('check')
    .description(
      'walk every hop from this logon session to a verified Kerberos SQL session and diagnose the first failure',
    )
    .option(
      '--server <fqdn>',
      'the instance FQDN as users type it, e.g. sqlmi1.abc123.database.windows.net',
      nonEmpty('--server'),
    )
    .option('--port <port>', 'TDS port (1433 VNet-local, 3342 public endpoint)', parsePort, DEFAULT_PORT)
    .option('--address <ip>', 'connect to this IP while authenticating as --server (one node, a private endpoint)')
    .option('--database <name>', 'database to log in to', nonEmpty('--database'))
    .addOption(
      new Option('--encrypt <mode>', 'TDS 8.0 strict (TLS first) or TDS 7.4 mandatory encryption')
        .choices(['strict', 'mandatory'])
        .default('mandatory'),
    )
    .option('--ca <file>', 'PEM file of extra certificate authorities to trust for TLS')
    .option('--trust-server-certificate', 'do NOT validate the TLS certificate (reported as a warning)')
    .option('--timeout <seconds>', 'budget for the whole check', parseSeconds, CHECK_TIMEOUT_SECONDS.default)
    .option('--json', 'print only the JSON report (schemaVersion 1) on stdout')
    .option('--report <file>', 'also write a report: .html, .md or .json')
    .option('--redact', 'replace user names, host names, realms and tenant ids with placeholders in outputs')
    .option('--force', 'overwrite an existing --report file')
    .option('--no-history', "do not append this check to the user's history (see `kerbprobe history`)")
    .option(
      '--config <file>',
      'check every instance a JSON config lists, one after another (unattended runs: docs/unattended.md)',
    )
    .action(
      action(async (opts: CheckOpts, cmd: Command) => {
        if (opts.config && opts.server) throw new UsageError('use either --server or --config, not both');
        if (!opts.config && !opts.server)
          throw new UsageError(
            '--server is required: the instance FQDN, e.g. sqlmi1.abc123.database.windows.net (or --config FILE)',
          );
        if (opts.config && opts.report) throw new UsageError('--report writes one check; with --config use --json');
        // Refuse before the check runs, not after: a report file is never overwritten unless asked.
        if (opts.report && existsSync(opts.report) && !opts.force)
          throw new UsageError(`${opts.report} already exists; pass --force to overwrite it`);
        if (opts.report && !/\.(html?|md|json)$/i.test(opts.report))
          throw new UsageError('--report must name a .html, .md or .json file');
        const { validateCheckInput, readCaFile, readCheckConfig } = await loadInput();
        const config = opts.config ? await readCheckConfig(opts.config) : null;
        const requests: CheckRequest[] = config ? config.instances : [];
        if (!config) {
          // The one validation of the input (the form's and IPC's too), before any traffic: `host:1433` and
          // `tcp:host,port` are split (a port there that contradicts --port is refused), look-alike letters and
          // control characters are refused, and so is a --ca that is missing or not PEM.
          const input = validateCheckInput({
            server: opts.server,
            ...(cmd.getOptionValueSource('port') === 'cli' ? { port: opts.port } : {}),
            ...(opts.address ? { address: opts.address } : {}),
            ...(opts.database ? { database: opts.database } : {}),
            encrypt: opts.encrypt,
            ...(opts.ca ? { caFile: opts.ca } : {}),
            trustServerCertificate: Boolean(opts.trustServerCertificate),
            timeoutSeconds: opts.timeout,
          });
          if (!input.ok) throw new UsageError(input.message, input.code);
          if (opts.ca) await readCaFile(opts.ca);
          // With --redact nothing printed names the server before the redacted report exists.
          for (const note of input.notes)
            io.stderr(
              `kerbprobe: ${opts.redact ? `the port was read from the server text (port ${input.request.port})` : note}\n`,
            );
          requests.push(input.request);
        }
        const live = io.isTTY && !opts.json;
        const {
          runCheck,
          createRealDeps,
          redact,
          renderJson,
          writeReport,
          liveStepList,
          renderSummary,
          recordHistory,
        } = await loadEngine();
        const ac = new AbortController();
        const onSigint = () => ac.abort();
        process.once('SIGINT', onSigint);
        try {
          const reports: CheckReport[] = [];
          // One after another: each within its own budget, so the run ends within their sum (bounded by the config schema).
          for (const request of requests) {
            if (live)
              io.stderr(
                opts.redact
                  ? 'Checking (names redacted) …\n'
                  : `Checking ${request.server}:${request.port}${request.address ? ` via ${request.address}` : ''} …\n`,
              );
            const liveList = live
              ? liveStepList(io.stderr, { columns: io.columns ?? 100, redact: Boolean(opts.redact) })
              : null;
            const raw = await runCheck(request, createRealDeps(), {
              signal: ac.signal,
              now: io.now,
              ...(liveList ? { onProgress: liveList.onProgress } : {}),
            });
            const report = opts.redact ? redact(raw) : raw;
            liveList?.finish(report);
            if (opts.history)
              recordHistory(io, raw, { redactUser: Boolean(opts.redact) || Boolean(config?.redactUser) });
            if (opts.report) await writeReport(opts.report, report, { overwrite: Boolean(opts.force) });
            if (!opts.json)
              io.stdout([renderSummary(report, !live), opts.report ? `Report written to ${opts.report}\n` : '']);
            reports.push(report);
          }
          // --json: the report; with --config, the array of reports in the config's order.
          if (opts.json)
            io.json(
              config ? `[\n${reports.map((r) => renderJson(r).trimEnd()).join(',\n')}\n]\n` : renderJson(reports[0]!),
            );
          return reports.every((r) => r.verdict === 'pass') ? 0 : 1;
        } finally {
          process.removeListener('SIGINT', onSigint);
        }
      }),
    );
}
