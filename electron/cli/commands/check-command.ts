// `kerbprobe check`: the whole diagnosis for one instance, bounded in time; exit 0 pass, 1 diagnosed
// failure, 2 usage or internal error. With --json stdout carries only the JSON document. With --config FILE
// it checks every instance the file lists (an unattended run: no prompt, no terminal; docs/unattended.md).
// The action is options → the engine API (a target built once, then the check) → render.
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { CHECK_TIMEOUT_SECONDS, DEFAULT_PORT } from '../../contract/limits';
import type { CheckInput } from '../../contract/check-input';
import type { CheckConfig } from '../../contract/check-config';
import type { CheckReport } from '../../contract/report';
import type { HistoryRecording } from '../../contract/engine';
import { UsageError, type KerbProbeError } from '../../engine/errors';
import type { CheckTarget } from '../../engine/api/engine-api';
import type { CliContext, CliOut } from '../cli-context';
import { nonEmpty, parsePort, parseSeconds } from '../option-parsers';

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

export function register(program: Command, cli: CliContext): void {
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
    .option(
      '--no-history',
      "do not append this check to the user's history (see `kerbprobe history`). Each line keeps the time, " +
        'device name, user, server, port, address, verdict, code, flow, failed step, step times, subnet, KDC ' +
        "reached, OS and version; --redact leaves out the user only; a config's historyRedact leaves out the " +
        'fields it lists (docs/fleet.md)',
    )
    .option(
      '--config <file>',
      'check every instance a JSON config lists, one after another (unattended runs: docs/unattended.md)',
    )
    .action(cli.action(async (opts: CheckOpts, cmd: Command) => runChecks(cli, opts, cmd)));
}

/** The whole action: refuse what cannot run, then each instance's check in turn, then the JSON if asked. */
async function runChecks({ io, engine }: CliContext, opts: CheckOpts, cmd: Command): Promise<number> {
  refuseConflicts(opts);
  const config = opts.config ? await engine.readCheckConfig(opts.config) : null;
  // The command line's check: its target built (validated, the CA file read) before anything else runs.
  const firstTarget = config ? null : await commandLineTarget({ io, engine }, opts, cmd);
  const inputs: CheckInput[] = config ? config.instances : [];
  const aborter = new AbortController();
  const onSigint = () => aborter.abort();
  process.once('SIGINT', onSigint);
  try {
    const reports: CheckReport[] = [];
    // One after another: each within its own budget, so the run ends within their sum (bounded by the config
    // schema). Each instance's target is built as its check starts.
    if (firstTarget) reports.push(await checkOne({ io, engine }, opts, config, firstTarget, aborter.signal));
    for (const input of inputs) {
      const { target } = await engine.checkTarget(input);
      reports.push(await checkOne({ io, engine }, opts, config, target, aborter.signal));
    }
    if (opts.json) io.json(await jsonDocument({ engine }, reports, config !== null));
    return reports.every((report) => report.verdict === 'pass') ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Usage errors that need no input read: conflicting options, a report file that would be overwritten. */
function refuseConflicts(opts: CheckOpts): void {
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
}

/**
 * The one validation of the command line's input (the form's and IPC's too), before any traffic:
 * `host:1433` and `tcp:host,port` are split (a port there that contradicts --port is refused), look-alike
 * letters and control characters are refused, and so is a --ca that is missing or not PEM.
 */
async function commandLineTarget(
  { io, engine }: Pick<CliContext, 'io' | 'engine'>,
  opts: CheckOpts,
  cmd: Command,
): Promise<CheckTarget> {
  const { target, notes } = await engine.checkTarget({
    server: opts.server ?? '',
    ...(cmd.getOptionValueSource('port') === 'cli' ? { port: opts.port } : {}),
    ...(opts.address ? { address: opts.address } : {}),
    ...(opts.database ? { database: opts.database } : {}),
    encrypt: opts.encrypt,
    ...(opts.ca ? { caFile: opts.ca } : {}),
    trustServerCertificate: Boolean(opts.trustServerCertificate),
    timeoutSeconds: opts.timeout,
  });
  // With --redact nothing printed names the server before the redacted report exists.
  for (const note of notes)
    io.stderr(`kerbprobe: ${opts.redact ? `the port was read from the server text (port ${target.port})` : note}\n`);
  return target;
}

/** One check: the live list on a terminal, the history line, the report file, the summary. */
async function checkOne(
  { io, engine }: Pick<CliContext, 'io' | 'engine'>,
  opts: CheckOpts,
  config: CheckConfig | null,
  target: CheckTarget,
  signal: AbortSignal,
): Promise<CheckReport> {
  const live = io.isTTY && !opts.json;
  const { liveStepList, renderSummary } = await import('../render-check');
  if (live) io.stderr(opts.redact ? 'Checking (names redacted) …\n' : `Checking ${targetText(target)} …\n`);
  const liveList = live ? liveStepList(io.stderr, { columns: io.columns ?? 100, redact: Boolean(opts.redact) }) : null;
  const historyErrors: KerbProbeError[] = [];
  const report = await engine.check(target, {
    signal,
    ...(liveList ? { onProgress: liveList.onProgress } : {}),
    history: historyRecording(opts, config),
    redact: Boolean(opts.redact),
    onHistoryError: (error) => historyErrors.push(error),
  });
  liveList?.finish(report);
  // A history that cannot be written never changes the verdict or stdout (a detection script parses that).
  for (const error of historyErrors) warn(io, error);
  if (opts.report) await engine.writeReport(opts.report, report, { overwrite: Boolean(opts.force) });
  if (!opts.json)
    io.stdout([
      renderSummary(report, !live, io.isTTY ? io.columns : undefined),
      opts.report ? `Report written to ${opts.report}\n` : '',
    ]);
  return report;
}

function targetText(target: CheckTarget): string {
  return `${target.server}:${target.port}${target.address ? ` via ${target.address}` : ''}`;
}

/**
 * --no-history writes none; --redact or the config's redactUser leaves the user's name out of the line, the config's
 * historyRedact the fields it lists.
 */
function historyRecording(opts: CheckOpts, config: CheckConfig | null): HistoryRecording {
  if (!opts.history) return 'off';
  return { redactUser: Boolean(opts.redact) || Boolean(config?.redactUser), redact: config?.historyRedact ?? [] };
}

function warn(io: CliOut, error: KerbProbeError): void {
  io.stderr(`kerbprobe: warning: ${error.message} [${error.code}]\n`);
}

/** --json: the report; with --config, the array of reports in the config's order. */
async function jsonDocument(
  { engine }: Pick<CliContext, 'engine'>,
  reports: readonly CheckReport[],
  several: boolean,
): Promise<string> {
  const texts = await Promise.all(reports.map((report) => engine.renderReport(report, 'json', { redact: false })));
  return several ? `[\n${texts.map((text) => text.trimEnd()).join(',\n')}\n]\n` : texts[0]!;
}
