// The one IPC contract between the renderer, the preload and the main process: every channel with its
// request and response schema, plus the progress event. Main validates every request and every response
// against these schemas; the renderer imports the types only.
import { z } from 'zod';
import { CheckReportSchema, ReportContradictionSchema, StepSchema, STEP_IDS, TicketSetSchema } from './report';
import { CheckInputSchema, type CheckInput, type CheckRequest } from './check-input';
import { MAX_ANALYSIS_INPUTS, MAX_ANALYSIS_TOTAL, MAX_INPUT_BYTES } from './limits';
import { CombinedAnalysisSchema } from './analysis';
import { HistoryQuerySchema, HistoryReadSchema } from './history';
import { FleetQuerySchema, FleetSummarySchema } from './fleet';
import { ADMIN_SIGN_IN_METHODS, AdminClientIdSchema, AdminReportSchema, AdminTenantSchema } from './admin';
import { readServerInput } from './server-input';

export { CheckInputSchema, type CheckInput, type CheckRequest };

const RunIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);

export const ReportFormatSchema = z.enum(['html', 'md', 'json']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

export const RecentServerSchema = z.object({
  server: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  database: z.string().max(128).optional(),
});
export type RecentServer = z.infer<typeof RecentServerSchema>;

const Empty = z.object({}).strict();

/** The instance's name for an admin read, read as the check form reads it (a `,port` or `:port` is dropped). */
const AdminServerSchema = z
  .string()
  .max(300, { error: 'a host name is at most 253 characters' })
  .transform((text, ctx) => {
    const read = readServerInput(text, null);
    if (read.ok) return read.host;
    ctx.addIssue({ code: 'custom', message: read.message, params: { code: read.code } });
    return z.NEVER;
  });

/**
 * The device-code sign-in's prompt as it reaches the page: the page to open and the code to enter, nothing else
 * (never the library's whole message, never a token). Both are held to what Microsoft Entra ID issues
 * (v2-oauth2-device-code: `verification_uri` an https URL, `user_code` a short code of letters and digits).
 */
export const DeviceCodePromptSchema = z
  .object({
    verificationUri: z
      .string()
      .max(300)
      .regex(/^https:\/\/[\x21-\x7e]+$/),
    userCode: z
      .string()
      .min(4)
      .max(32)
      .regex(/^[A-Za-z0-9-]+$/),
  })
  .strict();
export type DeviceCodePrompt = z.infer<typeof DeviceCodePromptSchema>;

/** Channel → request/response schemas. Adding a verb means adding it here, in the preload and in main. */
export const IPC = {
  'check:run': {
    request: z.object({ runId: RunIdSchema, input: CheckInputSchema }).strict(),
    response: CheckReportSchema,
  },
  'check:cancel': {
    request: z.object({ runId: RunIdSchema }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  'tickets:list': {
    request: Empty,
    response: TicketSetSchema,
  },
  'tickets:purge': {
    // The renderer asks; main shows its own confirmation dialog, so a compromised page cannot purge silently.
    request: Empty,
    response: z.object({ purged: z.boolean() }),
  },
  'report:export': {
    request: z
      .object({
        report: CheckReportSchema,
        format: ReportFormatSchema,
        redact: z.boolean(),
        /** `file` asks main for a save location and writes it; `text` returns the rendered text (clipboard). */
        to: z.enum(['file', 'text']),
      })
      .strict(),
    response: z.object({ path: z.string().nullable(), text: z.string().nullable() }),
  },
  'report:open': {
    // Either main shows an open dialog (no text), or the renderer hands over the text of a dropped file.
    request: z
      .object({ text: z.string().max(MAX_INPUT_BYTES.report).optional(), name: z.string().max(260).optional() })
      .strict(),
    response: z.object({
      report: CheckReportSchema.nullable(),
      contradictions: z.array(ReportContradictionSchema),
      name: z.string().nullable(),
    }),
  },
  'analyze:inputs': {
    // Each input is held to its own kind's limit by the engine once recognised; a bundle is the largest kind.
    request: z
      .object({
        inputs: z
          .array(
            z
              .object({
                text: z.string().min(1).max(MAX_INPUT_BYTES.bundle),
                name: z.string().max(260).optional(),
                /** When the reader says the input was captured (the view's "Captured at"), for inputs that
                 * do not say. */
                capturedAt: z.string().datetime({ offset: true }).optional(),
              })
              .strict(),
          )
          .min(1)
          .max(MAX_ANALYSIS_INPUTS)
          .refine((xs) => xs.reduce((n, x) => n + x.text.length, 0) <= MAX_ANALYSIS_TOTAL, {
            message: `all inputs together are larger than ${MAX_ANALYSIS_TOTAL} characters`,
          }),
      })
      .strict(),
    response: CombinedAnalysisSchema,
  },
  'collect:run': {
    // Main asks where to save the bundle (its own dialog), writes it, and returns the analysis of it.
    request: z
      .object({
        target: z
          .object({ server: z.string().trim().min(1).max(253), port: z.number().int().min(1).max(65535) })
          .strict()
          .nullable(),
        redact: z.boolean(),
      })
      .strict(),
    response: z.object({ path: z.string().nullable(), analysis: CombinedAnalysisSchema.nullable() }),
  },
  'state:recent': {
    request: Empty,
    response: z.array(RecentServerSchema),
  },
  'history:recent': {
    // The newest checks of this user (optionally of one server), from the history file the engine writes.
    request: HistoryQuerySchema,
    response: HistoryReadSchema,
  },
  'fleet:analyze': {
    // Main asks (its own dialog) for the folders or files to read; `again` re-reads the last choice, for a
    // drill-down. The page never names a path.
    request: z.object({ again: z.boolean().default(false), query: FleetQuerySchema.optional() }).strict(),
    response: z.object({ summary: FleetSummarySchema.nullable(), source: z.string().nullable() }),
  },
  'admin:run': {
    // The instance's and the tenant's side, read live as the signed-in helpdesk (engine/admin/). The server name
    // is read as the check form's is (contract/server-input.ts), the tenant and client id as the CLI's flags are
    // (contract/admin-input.ts); the device-code prompt arrives as a progress event
    // of this runId. One read per window: a new one stops the last.
    request: z
      .object({
        runId: RunIdSchema,
        server: AdminServerSchema,
        method: z.enum(ADMIN_SIGN_IN_METHODS),
        // Read as the CLI's --tenant and --client-id are (contract/admin-input.ts): a bad one is refused here.
        tenant: AdminTenantSchema.optional(),
        clientId: AdminClientIdSchema.optional(),
        redact: z.boolean().default(false),
      })
      .strict(),
    response: AdminReportSchema,
  },
  'admin:cancel': {
    // Stops the admin read this window started (a sign-in no one completes, a slow tenant); it fails with CANCELLED.
    request: Empty,
    response: z.object({ cancelled: z.boolean() }),
  },
  'admin:open': {
    // A saved admin report (`kerbprobe admin --json`): main's open dialog (no text) or a dropped file's text,
    // validated against the contract's schema here, at the boundary.
    request: z
      .object({ text: z.string().max(MAX_INPUT_BYTES.report).optional(), name: z.string().max(260).optional() })
      .strict(),
    response: z.object({ report: AdminReportSchema.nullable(), name: z.string().nullable() }),
  },
  'fleet:cancel': {
    // Stops the fleet analysis this window started (a slow share, a huge folder); it then fails with CANCELLED.
    request: Empty,
    response: z.object({ cancelled: z.boolean() }),
  },
} as const;

export type IpcChannel = keyof typeof IPC;
export const IPC_CHANNELS = Object.keys(IPC) as IpcChannel[];
/** What a caller sends on a channel (defaults may be left out). */
export type IpcRequest<C extends IpcChannel> = z.input<(typeof IPC)[C]['request']>;
/** What a handler receives: the request as the schema parsed it (defaults applied). */
export type IpcParsedRequest<C extends IpcChannel> = z.output<(typeof IPC)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof IPC)[C]['response']>;

/** Every reply travels in an envelope so the stable error code survives the process boundary. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export const PROGRESS_CHANNEL = 'check:progress' as const;

/** One step starting or finishing, as the engine reports it while a check runs. */
export const StepProgressSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('started'), id: z.enum(STEP_IDS), title: z.string() }),
  z.object({ kind: z.literal('finished'), step: StepSchema }),
]);
export type StepProgress = z.infer<typeof StepProgressSchema>;

/** An admin read's device-code prompt on its way to the page, tagged with the read it belongs to. */
export const AdminPromptEventSchema = DeviceCodePromptSchema.extend({
  runId: RunIdSchema,
  kind: z.literal('device-code'),
}).strict();
export type AdminPromptEvent = z.infer<typeof AdminPromptEventSchema>;

/** A step's progress on its way to the renderer, tagged with the check it belongs to; or an admin read's prompt. */
export const ProgressEventSchema = z.union([
  z.intersection(z.object({ runId: RunIdSchema }), StepProgressSchema),
  AdminPromptEventSchema,
]);
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

export { IPC_ERROR_CODES } from './error-codes';

/** The error the preload throws when a call fails: a plain Error that carries the stable code. */
export interface KerbProbeCallError extends Error {
  code: string;
}
