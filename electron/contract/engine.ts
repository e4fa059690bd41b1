// The boundary between the main process and the engine's utility process: what the app needs from the
// engine, as one interface (utility/engine-api.ts binds it to the engine's functions; main/engine-client.ts
// implements it over the utility process; the browser tests call engine-api.ts directly), and the messages
// that carry it (utility/host-dispatcher.ts answers them).
import type { CheckReport, OpenedReport, TicketSet } from './report';
import type { CheckRequest, ReportFormat, StepProgress } from './ipc';
import type { CombinedAnalysis } from './analysis';
import type { Bundle } from './bundle';
import type { HistoryQuery, HistoryRead } from './history';
import type { FleetQuery, FleetSummary } from './fleet';

export type { StepProgress };

export interface EngineApi {
  runCheck(
    input: CheckRequest,
    options: { signal: AbortSignal; onProgress: (event: StepProgress) => void },
  ): Promise<CheckReport>;
  listTickets(): Promise<TicketSet>;
  purgeTickets(): Promise<void>;
  /** One diagnosis from several inputs, each judged as of its capture time (never the time of reading). */
  analyzeInputs(inputs: { text: string; name?: string; capturedAt?: string }[]): Promise<CombinedAnalysis>;
  /** Runs every command a helpdesk asks for in this session, and the check when a target is given. */
  collect(options: { target: { server: string; port: number } | null; redact: boolean }): Promise<Bundle>;
  renderReport(report: CheckReport, format: ReportFormat, options: { redact: boolean }): Promise<string>;
  /** Reads a saved KerbProbe report (JSON) and how it contradicts itself; rejects with a typed error when it is not one. */
  readReport(text: string): Promise<OpenedReport>;
  /** The newest entries of this user's check history (every runCheck appends one). */
  readHistory(query: HistoryQuery): Promise<HistoryRead>;
  /** Many users' history files and reports (files or folders), streamed into one fleet summary. */
  analyzeFleet(paths: string[], query: FleetQuery | null): Promise<FleetSummary>;
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
];

export type HostRequest = { id: number; method: EngineMethod; args: unknown[] } | { id: number; cancel: true };

export type HostReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string } }
  | { id: number; progress: StepProgress };
