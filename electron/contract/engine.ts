// The boundary between the main process and the engine's utility process: what the app needs from the
// engine, as one interface, and the messages that carry it (utility/host-dispatcher.ts answers them).
// engine/api/engine-api.ts implements it (the same object, with the methods only an in-process caller such
// as the CLI uses, serves the CLI); main/engine-client.ts implements it over the utility process; the browser
// tests call the engine API directly.
import type { CheckReport, OpenedReport, TicketSet } from './report';
import type { CheckRequest, ReportFormat, StepProgress } from './ipc';
import type { CombinedAnalysis } from './analysis';
import type { Bundle } from './bundle';
import type { HistoryQuery, HistoryRead, HistoryRedactable } from './history';
import type { FleetQuery, FleetSummary } from './fleet';
import type { AdminReport, AdminRequest } from './admin';
import type { DeviceCodePrompt } from './ipc';

export type { StepProgress };

/**
 * How a check is written to this user's history: with the user's name as it is, or replaced by a placeholder
 * (`redactUser`), with the fields a config chose left out (`redact`, its `historyRedact`); or not at all. The same
 * for the app and the CLI; the default keeps the name.
 */
export type HistoryRecording = { redactUser: boolean; redact?: readonly HistoryRedactable[] } | 'off';

export interface RunCheckOptions {
  signal: AbortSignal;
  onProgress: (event: StepProgress) => void;
  /** Default `{ redactUser: false }`: every check appends its line. */
  history?: HistoryRecording;
}

/** The check `collect` runs beside the commands: where to connect, the CA file, its budget. */
export interface CollectCheck {
  address?: string;
  caFile?: string;
  /** Default: the check's own (contract/limits.ts's CHECK_TIMEOUT_SECONDS.default), as for any check. */
  timeoutSeconds?: number;
}

/** One request shape for the helpdesk bundle, from the app's Collect and `kerbprobe collect`. */
export interface CollectRequest {
  /** The instance: `klist get` of its SPNs and the check. Null: the session's commands only. */
  target: { server: string; port: number } | null;
  redact: boolean;
  /** The check of the target (default: with the check's defaults); false: the commands only. */
  check?: CollectCheck | false;
}

export interface EngineApi {
  runCheck(input: CheckRequest, options: RunCheckOptions): Promise<CheckReport>;
  listTickets(): Promise<TicketSet>;
  purgeTickets(): Promise<void>;
  /** One diagnosis from several inputs, each judged as of its capture time (never the time of reading). */
  analyzeInputs(inputs: { text: string; name?: string; capturedAt?: string }[]): Promise<CombinedAnalysis>;
  /** Runs every command a helpdesk asks for in this session, and the check when a target is given. */
  collect(request: CollectRequest): Promise<Bundle>;
  renderReport(report: CheckReport, format: ReportFormat, options: { redact: boolean }): Promise<string>;
  /**
   * Reads a saved KerbProbe report (JSON) and how it contradicts itself; rejects with a typed error when it
   * is not one.
   */
  readReport(text: string): Promise<OpenedReport>;
  /** The newest entries of this user's check history (every runCheck appends one). */
  readHistory(query: HistoryQuery): Promise<HistoryRead>;
  /**
   * Many users' history files and reports (files or folders), streamed into one fleet summary; rejects with
   * CANCELLED when `signal` aborts (the app's Cancel).
   */
  analyzeFleet(paths: string[], query: FleetQuery | null, options?: { signal?: AbortSignal }): Promise<FleetSummary>;
  /**
   * The instance's and the tenant's side, read as the signed-in helpdesk (engine/admin/); rejects with CANCELLED
   * when `signal` aborts.
   */
  admin(request: AdminRequest, options: AdminRunOptions): Promise<AdminReport>;
}

/** How one admin read runs: where its sign-in prompt goes, and its cancellation. */
export interface AdminRunOptions {
  /**
   * The device-code prompt, neutralised: the library's whole sentence (the CLI writes it to stderr) and, apart,
   * the page to open and the code (all the app shows). Never a token.
   */
  onPrompt: (text: string, code?: DeviceCodePrompt) => void;
  signal?: AbortSignal;
}

export type EngineMethod = keyof EngineApi;
export const ENGINE_METHODS: readonly EngineMethod[] = [
  'runCheck',
  'listTickets',
  'purgeTickets',
  'analyzeInputs',
  'collect',
  'renderReport',
  'readReport',
  'readHistory',
  'analyzeFleet',
  'admin',
];

export type HostRequest = { id: number; method: EngineMethod; args: unknown[] } | { id: number; cancel: true };

export type HostReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string } }
  | { id: number; progress: StepProgress }
  | { id: number; prompt: DeviceCodePrompt };
