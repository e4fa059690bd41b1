// The IPC handlers as plain functions over injected dependencies (engine, dialogs, files, state), so the
// main process, the browser-test bridge and the unit tests all run the same code.
import type { CheckReport } from '../contract/report';
import {
  IPC,
  IPC_ERROR_CODES,
  ProgressEventSchema,
  type IpcChannel,
  type IpcParsedRequest,
  type IpcResponse,
  type IpcResult,
  type ProgressEvent,
  type RecentServer,
  type ReportFormat,
} from '../contract/ipc';
import type { EngineApi } from '../contract/engine';
import { INPUT_ERROR_CODES } from '../contract/error-codes';
import { parseAdminReport, type AdminReport } from '../contract/admin';

export interface HandlerDeps {
  engine: EngineApi;
  dialogs: {
    /** Asks the user (natively, outside the page) to confirm purging the ticket cache. */
    confirmPurge(): Promise<boolean>;
    chooseSavePath(defaultName: string, format: ReportFormat): Promise<string | null>;
    chooseOpenPath(): Promise<string | null>;
    /** Asks for the folders or files of a fleet (history files, reports); null when cancelled. */
    chooseFleetPaths(): Promise<string[] | null>;
  };
  files: {
    read(path: string): Promise<string>;
    /** Creates the file; never overwrites one the user did not choose in the save dialog. */
    write(path: string, text: string): Promise<void>;
  };
  state: {
    recentServers(): RecentServer[];
    rememberServer(server: RecentServer): void;
  };
  /** Receives only events that passed ProgressEventSchema (the contract), on their way to the renderer. */
  emitProgress(event: ProgressEvent): void;
  /** Where a dropped (malformed) progress event is reported. */
  log?: (line: string) => void;
}

/** Who called: the id of the sending WebContents (the browser-test bridge has one page: 0). */
export interface IpcCaller {
  sender: number;
}

export type IpcHandlers = {
  [C in IpcChannel]: (request: IpcParsedRequest<C>, caller: IpcCaller) => Promise<IpcResponse<C>>;
};

export class IpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}

function reportFileName(report: CheckReport, format: ReportFormat): string {
  const host = (report.redacted ? 'redacted' : (report.target.server.split('.')[0] ?? 'server')).replace(
    /[^A-Za-z0-9-]/g,
    '_',
  );
  const stamp = report.startedAt.replace(/[:.]/g, '-').slice(0, 19);
  return `kerbprobe-${host}-${stamp}.${format}`;
}

const CA_FILE_CODES: ReadonlySet<string> = new Set([
  INPUT_ERROR_CODES.caMissing,
  INPUT_ERROR_CODES.caUnreadable,
  INPUT_ERROR_CODES.caNotPem,
]);

/**
 * The CA file is a path the page supplies, which the engine reads: a compromised page could otherwise learn from
 * the answer which files exist (missing, unreadable, not PEM, each with its path and errno). For a page's path the
 * three are one answer with no path in it.
 */
async function answerForPagePath<T>(caFile: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
    if (caFile !== undefined && typeof code === 'string' && CA_FILE_CODES.has(code))
      throw new IpcError(
        INPUT_ERROR_CODES.caUnreadable,
        'The CA file cannot be used: it must be a readable PEM file of certificate authorities.',
      );
    throw err;
  }
}

/** One cancellable run per window (keyed by its WebContents id): a new one aborts the last, Cancel aborts it. */
class WindowRuns {
  private readonly runs = new Map<number, AbortController>();

  /** Aborts the window's previous run and returns the new run's controller. */
  start(sender: number): AbortController {
    this.runs.get(sender)?.abort();
    const controller = new AbortController();
    this.runs.set(sender, controller);
    return controller;
  }

  /** Forgets the run unless a newer one of the same window already replaced it. */
  end(sender: number, controller: AbortController): void {
    if (this.runs.get(sender) === controller) this.runs.delete(sender);
  }

  /** Aborts the window's run; false when it has none. */
  cancel(sender: number): boolean {
    const controller = this.runs.get(sender);
    controller?.abort();
    return controller !== undefined;
  }
}

export function createIpcHandlers(deps: HandlerDeps): IpcHandlers {
  const running = new Map<string, AbortController>();
  /** The fleet analysis each window runs: one at a time, so a new one (a drill-down) replaces the last. */
  const fleetRuns = new WindowRuns();
  let fleetPaths: string[] | null = null;
  /** The admin read each window runs: one at a time, a new one stops the last. */
  const adminRuns = new WindowRuns();
  return {
    async 'check:run'({ runId, input }) {
      if (running.has(runId))
        throw new IpcError(IPC_ERROR_CODES.badRequest, 'A check with this id is already running.');
      const controller = new AbortController();
      running.set(runId, controller);
      deps.state.rememberServer({
        server: input.server,
        port: input.port,
        ...(input.database ? { database: input.database } : {}),
      });
      try {
        return await answerForPagePath(input.caFile, () =>
          deps.engine.runCheck(input, {
            signal: controller.signal,
            onProgress: (event) => {
              // Validated where it crosses into the renderer: a malformed event is dropped and logged, never sent.
              const checked = ProgressEventSchema.safeParse({ ...event, runId });
              if (checked.success) deps.emitProgress(checked.data);
              else deps.log?.(`ipc: dropped a malformed progress event of run ${runId}: ${firstIssue(checked.error)}`);
            },
          }),
        );
      } finally {
        running.delete(runId);
      }
    },
    async 'check:cancel'({ runId }) {
      const controller = running.get(runId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
    async 'tickets:list'() {
      return deps.engine.listTickets();
    },
    async 'tickets:purge'() {
      if (!(await deps.dialogs.confirmPurge())) return { purged: false };
      await deps.engine.purgeTickets();
      return { purged: true };
    },
    async 'report:export'({ report, format, redact, to }) {
      const text = await deps.engine.renderReport(report, format, { redact });
      if (to === 'text') return { path: null, text };
      const path = await deps.dialogs.chooseSavePath(
        reportFileName({ ...report, redacted: report.redacted || redact }, format),
        format,
      );
      if (path === null) return { path: null, text: null };
      await deps.files.write(path, text);
      return { path, text: null };
    },
    async 'report:open'({ text, name }) {
      if (text !== undefined) return { ...(await deps.engine.readReport(text)), name: name ?? null };
      const path = await deps.dialogs.chooseOpenPath();
      if (path === null) return { report: null, contradictions: [], name: null };
      const content = await deps.files.read(path);
      return { ...(await deps.engine.readReport(content)), name: path.split(/[\\/]/).pop() ?? path };
    },
    async 'analyze:inputs'({ inputs }) {
      return deps.engine.analyzeInputs(inputs);
    },
    async 'collect:run'({ target, redact }) {
      const bundle = await deps.engine.collect({ target, redact });
      const text = `${JSON.stringify(bundle, null, 2)}\n`;
      const stamp = bundle.capturedAt.replace(/[:.]/g, '-').slice(0, 19);
      const path = await deps.dialogs.chooseSavePath(`kerbprobe-bundle-${stamp}.json`, 'json');
      if (path !== null) await deps.files.write(path, text);
      // Shown at once, saved or not: the user sees what the helpdesk will see.
      const analysis = await deps.engine.analyzeInputs([
        { text, name: path?.split(/[\\/]/).pop() ?? 'collected bundle' },
      ]);
      return { path, analysis };
    },
    async 'state:recent'() {
      return deps.state.recentServers();
    },
    async 'history:recent'(query) {
      return deps.engine.readHistory(query);
    },
    async 'fleet:analyze'({ again, query }, { sender }) {
      const controller = fleetRuns.start(sender);
      try {
        const paths = again && fleetPaths ? fleetPaths : await deps.dialogs.chooseFleetPaths();
        if (controller.signal.aborted) throw fleetCancelled();
        if (!paths || paths.length === 0) return { summary: null, source: null };
        fleetPaths = paths;
        const summary = await deps.engine.analyzeFleet(paths, query ?? null, { signal: controller.signal });
        return {
          summary,
          source:
            paths.length === 1 ? (paths[0]!.split(/[\\/]/).pop() ?? paths[0]!) : `${paths.length} folders or files`,
        };
      } finally {
        fleetRuns.end(sender, controller);
      }
    },
    async 'admin:run'({ runId, server, method, tenant, clientId, redact }, { sender }) {
      const controller = adminRuns.start(sender);
      try {
        return await untilAborted(
          controller.signal,
          deps.engine.admin(
            { server, method, redact, ...(tenant ? { tenant } : {}), ...(clientId ? { clientId } : {}) },
            {
              signal: controller.signal,
              onPrompt: (_text, code) => {
                // The page gets the page to open and the code, held to their shape; never the sentence or a token.
                const checked = ProgressEventSchema.safeParse({ ...code, runId, kind: 'device-code' });
                if (checked.success) deps.emitProgress(checked.data);
                else deps.log?.(`ipc: dropped a malformed sign-in prompt of admin read ${runId}`);
              },
            },
          ),
        );
      } catch (err) {
        if (controller.signal.aborted) throw adminCancelled();
        throw err;
      } finally {
        adminRuns.end(sender, controller);
      }
    },
    async 'admin:cancel'(_request, { sender }) {
      return { cancelled: adminRuns.cancel(sender) };
    },
    async 'admin:open'({ text, name }) {
      if (text !== undefined) return { report: readAdminReport(text), name: name ?? null };
      const path = await deps.dialogs.chooseOpenPath();
      if (path === null) return { report: null, name: null };
      const content = await deps.files.read(path);
      return { report: readAdminReport(content), name: path.split(/[\\/]/).pop() ?? path };
    },
    async 'fleet:cancel'(_request, { sender }) {
      return { cancelled: fleetRuns.cancel(sender) };
    },
  };
}

function fleetCancelled(): IpcError {
  return new IpcError(IPC_ERROR_CODES.cancelled, 'The fleet analysis was cancelled.');
}

function adminCancelled(): IpcError {
  return new IpcError(IPC_ERROR_CODES.cancelled, 'The read of the instance and tenant was cancelled.');
}

/** Settles with `work`, or as soon as `signal` aborts (a sign-in no one completes still ends at Cancel). */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(adminCancelled());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export const ADMIN_REPORT_INVALID = 'ADMIN_REPORT_INVALID';

/** A saved admin report, held to the contract's schema here: anything else is refused with a stable code. */
function readAdminReport(text: string): AdminReport {
  const reading = parseAdminReport(text);
  if (reading.ok) return reading.report;
  throw new IpcError(
    ADMIN_REPORT_INVALID,
    reading.notJson
      ? 'This file is not an admin report of KerbProbe (it is not JSON).'
      : `This file is not an admin report of KerbProbe (kerbprobe admin --json): ${reading.problem}.`,
  );
}

function errorOf(err: unknown): { code: string; message: string } {
  const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  if (err instanceof Error && typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) && !code.startsWith('ERR_')) {
    // Node's own system errors (ENOENT…) keep their code but not their message, which holds paths.
    if ('errno' in err || 'syscall' in err)
      return { code, message: `The file could not be read or written (${code}).` };
    return { code, message: err.message };
  }
  if (err instanceof Error && err.name === 'AbortError')
    return { code: IPC_ERROR_CODES.cancelled, message: 'The check was cancelled.' };
  return {
    code: IPC_ERROR_CODES.internal,
    message: 'An internal error occurred. The details are in the application log.',
  };
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`;
}

/**
 * Validates the request, runs the handler, validates the response, and wraps the outcome in an envelope.
 * The sender check happens before anything else is looked at.
 */
export async function dispatch(
  handlers: IpcHandlers,
  channel: string,
  payload: unknown,
  trustedSender: boolean,
  log: (line: string) => void = () => {},
  caller: IpcCaller = { sender: 0 },
): Promise<IpcResult<unknown>> {
  if (!trustedSender) {
    log(`ipc: refused ${channel} from a foreign sender`);
    return {
      ok: false,
      error: { code: IPC_ERROR_CODES.foreignSender, message: 'The request did not come from the KerbProbe window.' },
    };
  }
  if (!Object.hasOwn(IPC, channel)) {
    return { ok: false, error: { code: IPC_ERROR_CODES.badRequest, message: `Unknown channel ${channel}.` } };
  }
  const verb = channel as IpcChannel;
  const parsed = IPC[verb].request.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: IPC_ERROR_CODES.badRequest, message: `Invalid request for ${verb}: ${firstIssue(parsed.error)}` },
    };
  }
  let value: unknown;
  try {
    value = await (handlers[verb] as (request: unknown, from: IpcCaller) => Promise<unknown>)(parsed.data, caller);
  } catch (err) {
    const failure = errorOf(err);
    const cause =
      failure.code === IPC_ERROR_CODES.internal && err instanceof Error ? ` (${err.name}: ${err.message})` : '';
    log(`ipc: ${verb} failed: ${failure.code}${cause}`);
    return { ok: false, error: failure };
  }
  const checked = IPC[verb].response.safeParse(value);
  if (!checked.success) {
    log(`ipc: ${verb} produced an invalid response: ${firstIssue(checked.error)}`);
    return {
      ok: false,
      error: {
        code: IPC_ERROR_CODES.badResponse,
        message: `The engine returned an invalid ${verb} response (${firstIssue(checked.error)}).`,
      },
    };
  }
  return { ok: true, value: checked.data };
}
