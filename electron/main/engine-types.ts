// What the app needs from the engine, as one interface. engine-api.ts binds it to the engine's functions;
// engine-client.ts implements it over the utility process; the browser tests call engine-api.ts directly.
import type { CheckReport, TicketSet } from '../contract/report';
import type { Analysis, CheckInput, ProgressEvent, ReportFormat } from '../contract/ipc';

export type StepProgress = ProgressEvent extends infer E ? E extends { runId: string } ? Omit<E, 'runId'> : never : never;

export interface EngineApi {
  runCheck(input: CheckInput, options: { signal: AbortSignal; onProgress: (event: StepProgress) => void }): Promise<CheckReport>;
  listTickets(): Promise<TicketSet>;
  purgeTickets(): Promise<void>;
  analyzeText(text: string, name?: string): Promise<Analysis>;
  renderReport(report: CheckReport, format: ReportFormat, options: { redact: boolean }): Promise<string>;
  /** Reads a saved KerbProbe report (JSON); rejects with a typed error when it is not one. */
  readReport(text: string): Promise<CheckReport>;
}
