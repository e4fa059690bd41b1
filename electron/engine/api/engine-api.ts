// The ONE front door to the engine: the app's utility process (utility/engine-host.ts, behind the contract's
// EngineApi) and the CLI (electron/cli: options → a call here → render) both call createEngineApi(), and so
// do the browser tests' bridge. Every method loads what it runs when it is called (a dynamic import inside
// the method), so creating the API costs nothing: `kerbprobe --version` and --help never load the check.
// It imports no Electron, no test world and no CLI.
import type { CheckInput, CheckRequest } from '../../contract/check-input';
import type { CheckConfig } from '../../contract/check-config';
import type { CombinedAnalysis } from '../../contract/analysis';
import type { Bundle } from '../../contract/bundle';
import type {
  AdminRunOptions,
  CollectCheck,
  CollectRequest,
  EngineApi,
  HistoryRecording,
  RunCheckOptions,
} from '../../contract/engine';
import type { HistoryQuery, HistoryRead } from '../../contract/history';
import type { ReportFormat } from '../../contract/ipc';
import type { CheckReport, TicketSet } from '../../contract/report';
import type { AdminReport, AdminRequest } from '../../contract/admin';
import type { TimeZoneMode } from '../tickets/times';
import { abandonedCalls } from '../kerberos/abandoned-calls';
import { KerbProbeError, UsageError } from '../errors';
import type { BuiltTarget, CheckTarget } from '../check/target';

export type { BuiltTarget, CheckTarget };

/** Per tool the ticket commands run (klist, kdestroy): a hung tool never holds a verb longer. */
const TOOL_TIMEOUT_MS = 5000;

export interface EngineApiOptions {
  /**
   * Variables layered over process.env for every hop (another Kerberos world's KRB5_CONFIG, KRB5CCNAME,
   * KERBPROBE_HOSTS).
   */
  env?: NodeJS.ProcessEnv;
  /** The clock tickets are judged by: the real time in the app; a fixed time in tests. */
  now?: () => Date;
}

/** A check of a target built at the edge (checkTarget), as an in-process caller runs it. */
export interface TargetCheckOptions extends Partial<RunCheckOptions> {
  /** The report comes back redacted (names replaced); the history line is written from the full report. */
  redact?: boolean;
  /** Told when the history line could not be written (HISTORY_UNWRITABLE); the check's answer stands. */
  onHistoryError?: (error: KerbProbeError) => void;
}

/** Where the tickets come from: this session's cache, a saved FILE ccache, or saved klist output. */
export type TicketInput = { from: 'session' } | { from: 'ccache'; path: string } | { from: 'klist'; path: string };

/** A ticket set and how its times were given (`local`: the wall clock of the machine that printed them). */
export interface TicketReading {
  set: TicketSet;
  timeZone: TimeZoneMode;
}

/** How one admin read runs: where its sign-in prompt goes (neutralised), and its cancellation. */
export type AdminOptions = AdminRunOptions;

/** The bundle and the file it was written to. */
export interface CollectedFile {
  bundle: Bundle;
  path: string;
}

/**
 * The engine API: the contract's EngineApi (what the app reaches across the process boundary) and the
 * methods only an in-process caller uses — they read or write files by path, or take a built target.
 */
export interface LocalEngineApi extends EngineApi {
  /** The check's target built once: validated, its CA file read. A refusal is a UsageError with a stable code. */
  checkTarget(input: CheckInput): Promise<BuiltTarget>;
  /** One check of a built target, its history line written as `options.history` says. */
  check(target: CheckTarget, options?: TargetCheckOptions): Promise<CheckReport>;
  /** A `check --config` file: the instances of an unattended run, validated before any check. */
  readCheckConfig(path: string): Promise<CheckConfig>;
  /** Writes a report (.html, .md or .json by its name); never overwrites unless asked. */
  writeReport(path: string, report: CheckReport, options: { overwrite: boolean }): Promise<void>;
  /** The history; `file` reads another history file than this user's (KERBPROBE_HISTORY, the default place). */
  readHistory(query: HistoryQuery, file?: string): Promise<HistoryRead>;
  /** Tickets and their chain to `spn`, judged as of `at` (default: now). */
  readTickets(input: TicketInput, options: { spn?: string | null; at?: Date }): Promise<TicketReading>;
  /**
   * Files of every kind analyze reads, judged together. With `at` every file is judged as of that time;
   * without it a file that does not say when it was captured is judged as of now.
   */
  analyzeFiles(paths: readonly string[], options: { spn?: string | null; at?: Date }): Promise<CombinedAnalysis>;
  /** Collects the bundle and writes it to `path` (default: kerbprobe-bundle-<time>.json here). */
  collectToFile(request: CollectRequest, options: { path?: string; overwrite: boolean }): Promise<CollectedFile>;
  /**
   * The instance's and the tenant's side of `request.server`, read as a signed-in helpdesk or Azure
   * administrator (ARM, Resource Graph, Microsoft Graph; engine/admin/). Redacted when `request.redact`.
   */
  admin(request: AdminRequest, options: AdminOptions): Promise<AdminReport>;
  /** Native Kerberos calls abandoned at their budget and still running (they hold the process open). */
  abandonedCalls(): number;
  /**
   * Loads what a check runs (the hops, tedious, the Kerberos binding) before the first call needs it: the
   * app's utility process does this as it starts, while the user types; the CLI never does.
   */
  preloadCheck(): Promise<void>;
}

/** The name a bundle gets when none is given: its capture time, safe in a file name on every OS. */
export function defaultBundleName(bundle: Bundle): string {
  return `kerbprobe-bundle-${bundle.capturedAt.replace(/[:.]/g, '-').slice(0, 19)}.json`;
}

export function createEngineApi(opts: EngineApiOptions = {}): LocalEngineApi {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  const now = opts.now ?? (() => new Date());

  const api: LocalEngineApi = {
    async checkTarget(input) {
      const { buildTarget } = await import('../check/target');
      return buildTarget(input);
    },

    async check(target, options = {}) {
      const [{ runTargetCheck }, { createRealDeps }] = await Promise.all([
        import('../check/run-check'),
        import('../check/real-deps'),
      ]);
      // Fresh per check: krb5.conf and the hosts override are read as they are now, not at start.
      const report = await runTargetCheck(target, createRealDeps({ env }), {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        now,
      });
      await recordHistory(report, options.history ?? { redactUser: false }, options.onHistoryError);
      if (!options.redact) return report;
      const { redact } = await import('../report/redact');
      return redact(report);
    },

    async runCheck(input: CheckRequest, options: RunCheckOptions) {
      return api.check((await api.checkTarget(input)).target, options);
    },

    async readCheckConfig(path) {
      const { readCheckConfig } = await import('./check-config-file');
      return readCheckConfig(path);
    },

    async renderReport(report, format: ReportFormat, options) {
      const { renderReport } = await import('../report/write-report');
      if (!options.redact) return renderReport(report, format);
      const { redact } = await import('../report/redact');
      return renderReport(redact(report), format);
    },

    async writeReport(path, report, options) {
      const { writeReport } = await import('../report/write-report');
      await writeReport(path, report, { overwrite: options.overwrite });
    },

    async readReport(text) {
      const [{ readReport }, { reportContradictions }] = await Promise.all([
        import('../report/read-report'),
        import('../report/report-consistency'),
      ]);
      // An opened report is evidence, not a verdict: the app shows how it contradicts itself, as analyze does.
      const report = readReport(text);
      return { report, contradictions: reportContradictions(report) };
    },

    async readHistory(query, file) {
      const [{ readHistory }, { historyPath }] = await Promise.all([
        import('../history/history-file'),
        import('../history/history-path'),
      ]);
      return readHistory(file ?? historyPath(env), query);
    },

    async analyzeFleet(paths, query, options) {
      const [{ analyzeFleet }, { fleetWorkerBesideBundle }] = await Promise.all([
        import('../fleet/analyze-fleet'),
        import('../fleet/fleet-workers'),
      ]);
      return analyzeFleet(paths, query, {
        workerScript: fleetWorkerBesideBundle(),
        now: () => now().getTime(),
        ...(options?.signal ? { signal: options.signal } : {}),
      });
    },

    async listTickets() {
      return (await api.readTickets({ from: 'session' }, {})).set;
    },

    async readTickets(input, options) {
      const { toTicketSet } = await import('../tickets/ticket-source');
      const source = await readTicketSource(input, env);
      const set = toTicketSet(source, { spn: options.spn ?? null, now: options.at ?? now() });
      return { set, timeZone: source.timeZone };
    },

    async purgeTickets() {
      const { runTool } = await import('../run-tool');
      // The OS's own tool, so the purge is exactly what the helpdesk would have typed.
      if (process.platform === 'win32') await runTool('klist', ['purge'], { timeoutMs: TOOL_TIMEOUT_MS, env });
      else await runTool('kdestroy', [], { timeoutMs: TOOL_TIMEOUT_MS, env, okExitCodes: [1] });
    },

    async analyzeInputs(inputs) {
      const { analyzeInputs } = await import('../analyze/analyze-inputs');
      // The Helpdesk view reads someone else's evidence: judged as of when it was captured, never "now".
      return analyzeInputs(
        inputs.map((input) => ({
          name: input.name ?? 'pasted text',
          content: input.text,
          ...(input.capturedAt ? { capturedAt: new Date(input.capturedAt) } : {}),
        })),
        { fallback: 'earliest' },
      );
    },

    async analyzeFiles(paths, options) {
      const [{ analyzeInputs }, { readBounded }] = await Promise.all([
        import('../analyze/analyze-inputs'),
        import('../read-bounded'),
      ]);
      const inputs = [];
      // A report is the largest input analyze takes (a bundle's limit is the same); each kind is held to its
      // own once recognised.
      for (const path of paths)
        inputs.push({
          name: path,
          content: await readBounded(path, 'report'),
          ...(options.at ? { capturedAt: options.at } : {}),
        });
      return analyzeInputs(inputs, {
        spn: options.spn ?? null,
        fallback: options.at ? 'earliest' : { at: now() },
      });
    },

    async collect(request) {
      const [{ collectBundle }, { runTool }] = await Promise.all([import('./collect-bundle'), import('../run-tool')]);
      const { target, check } = request;
      // In this (the user's own) session, with the same tools and limits for the app and the CLI. The check's
      // target is built where it runs: a CA file that cannot be read is the bundle's checkError, as any
      // other reason the check could not run.
      const runCheck =
        target && check !== false
          ? async () =>
              api.check((await api.checkTarget(collectCheckInput(target, check ?? {}))).target, { history: 'off' })
          : undefined;
      return collectBundle({
        platform: process.platform,
        runTool,
        env,
        now,
        target,
        redact: request.redact,
        ...(runCheck ? { runCheck } : {}),
      });
    },

    async collectToFile(request, options) {
      const bundle = await api.collect(request);
      const path = options.path ?? defaultBundleName(bundle);
      await writeNewFile(path, `${JSON.stringify(bundle, null, 2)}\n`, options.overwrite);
      return { bundle, path };
    },

    async admin(request, options) {
      const { runAdmin } = await import('../admin/run-admin');
      const report = await runAdmin(request, { env, now, ...options }).catch((err: unknown) => {
        throw ownError(err);
      });
      if (!request.redact) return report;
      const { redactAdminReport } = await import('../report/redact');
      return redactAdminReport(report);
    },

    abandonedCalls,

    async preloadCheck() {
      await Promise.all([
        import('../check/target'),
        import('../check/run-check'),
        import('../check/real-deps'),
        import('../history/record-check'),
      ]);
    },
  };
  return api;
}

/**
 * The check's line in this user's history. A history that cannot be written never costs the check's
 * answer: it is handed to `onError` (the CLI's warning), or dropped (the app's History panel shows what is
 * there).
 */
async function recordHistory(
  report: CheckReport,
  recording: HistoryRecording,
  onError: ((error: KerbProbeError) => void) | undefined,
): Promise<void> {
  if (recording === 'off') return;
  try {
    const { recordCheck } = await import('../history/record-check');
    recordCheck(report, {
      redactUser: recording.redactUser,
      ...(recording.redact ? { redact: recording.redact } : {}),
    });
  } catch (err) {
    onError?.(
      err instanceof KerbProbeError
        ? err
        : new KerbProbeError(
            'HISTORY_UNWRITABLE',
            `the history could not be written: ${err instanceof Error ? err.message : String(err)}`,
          ),
    );
  }
}

async function readTicketSource(input: TicketInput, env: NodeJS.ProcessEnv) {
  const [{ readBounded }, source, { decodeText }, { readCurrentCache }] = await Promise.all([
    import('../read-bounded'),
    import('../tickets/ticket-source'),
    import('../tickets/pasted-text'),
    import('../tickets/current-cache'),
  ]);
  switch (input.from) {
    case 'ccache':
      return source.ticketsFromCcache(await readBounded(input.path, 'ccache'), `FILE:${input.path}`);
    case 'klist':
      return source.ticketsFromKlistText(decodeText(await readBounded(input.path, 'text')), {}, input.path);
    case 'session':
      return readCurrentCache({ timeoutMs: TOOL_TIMEOUT_MS, env });
  }
}

/**
 * An error of the admin read as this module's own class: the build makes the admin read a bundle of its own
 * (dist/kerbprobe-admin.cjs), whose KerbProbeError is another class than the caller's, and the CLI and the host
 * recognise a typed error (its stable code, exit 2) by class.
 */
function ownError(err: unknown): unknown {
  if (err instanceof KerbProbeError || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return err;
  if (err.name === 'UsageError') return new UsageError(err.message, code);
  if (err.name === 'KerbProbeError' || err.name === 'ParseError')
    return new KerbProbeError(code, err.message, { cause: err });
  return err;
}

/** The check `collect` runs: the check's own defaults (encryption, certificate validation, budget) apply. */
function collectCheckInput(target: { server: string; port: number }, check: CollectCheck): CheckInput {
  return {
    server: target.server,
    port: target.port,
    ...(check.address ? { address: check.address } : {}),
    ...(check.caFile ? { caFile: check.caFile } : {}),
    ...(check.timeoutSeconds !== undefined ? { timeoutSeconds: check.timeoutSeconds } : {}),
  };
}

/** Creates the file (mode 0600: a bundle holds names; atomic, a final link never followed); an existing one only
 * when `overwrite`. */
async function writeNewFile(path: string, text: string, overwrite: boolean): Promise<void> {
  const { writeFileAtomic } = await import('../write-file-atomic');
  try {
    await writeFileAtomic(path, text, { overwrite });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${path} already exists; pass --force to overwrite it`);
    throw new KerbProbeError('BUNDLE_WRITE_FAILED', `cannot write ${path}: ${code ?? 'error'}`, { cause: err });
  }
}
