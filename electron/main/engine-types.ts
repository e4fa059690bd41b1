// What the app needs from the engine, as one interface. engine-api.ts binds it to the engine's functions;
// engine-client.ts implements it over the utility process; the browser tests call engine-api.ts directly.
import type { CheckReport, TicketSet } from '../contract/report';
import type { Analysis, CheckRequest, ReportFormat, StepProgress } from '../contract/ipc';

export interface EngineApi {
  runCheck(input: CheckRequest, options: { signal: AbortSignal; onProgress: (event: StepProgress) => void }): Promise<CheckReport>;
  listTickets(): Promise<TicketSet>;
  purgeTickets(): Promise<void>;
  analyzeText(text: string, name?: string): Promise<Analysis>;
  renderReport(report: CheckReport, format: ReportFormat, options: { redact: boolean }): Promise<string>;
  /** Reads a saved KerbProbe report (JSON); rejects with a typed error when it is not one. */
  readReport(text: string): Promise<CheckReport>;
}
