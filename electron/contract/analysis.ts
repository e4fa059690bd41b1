// What `kerbprobe analyze --json` prints and the Helpdesk view shows: what each input showed, judged as of
// when it was captured, and ONE diagnosis from the evidence of all of them (diagnose/ picks it).
import { z } from 'zod';
import { DiagnosisSchema, FindingSchema, TicketSetSchema } from './report';

export const ANALYSIS_SCHEMA_VERSION = 1 as const;

/**
 * Where the time an input is judged by came from: `input` the input says when it was captured (a report's
 * start, a bundle's capture time), `given` the reader said (`--at`, the view's "Captured at"), `read` the time
 * of reading (the CLI without --at), `earliest` nothing said it, so the earliest moment the input can have
 * been captured (its newest ticket's start): what had expired by then had expired when it was captured.
 */
export const JUDGED_AT_SOURCES = ['input', 'given', 'read', 'earliest'] as const;

export const InputAnalysisSchema = z
  .object({
    name: z.string(),
    /** What the input was recognised as, e.g. `windows-klist-get`, `dsregcmd`, `kerbprobe-report`. */
    kind: z.string(),
    /** null when nothing in the input depends on the time (no ticket, no expiry). */
    judgedAt: z.string().nullable(),
    judgedAtSource: z.enum(JUDGED_AT_SOURCES),
    /** `local`: ticket times carry no offset (Windows klist prints its machine's wall clock). */
    timeZone: z.enum(['utc', 'local']).nullable(),
    facts: z.array(z.string()),
    findings: z.array(FindingSchema),
    ticketSet: TicketSetSchema.nullable(),
    /** What this input alone points to (the combined diagnosis may differ: it reads every input). */
    diagnosis: DiagnosisSchema.nullable(),
    /** A saved report that contradicts itself: each way it does. */
    contradictions: z.array(z.string()),
    /** How the input was read that a reader must see beside the result: a paste cut short, and what was cut. */
    notes: z.array(z.string()).optional(),
  })
  .strict();
export type InputAnalysisResult = z.infer<typeof InputAnalysisSchema>;

export const CombinedAnalysisSchema = z
  .object({
    schemaVersion: z.literal(ANALYSIS_SCHEMA_VERSION),
    inputs: z.array(InputAnalysisSchema).min(1),
    /** The root cause the evidence of all inputs points to; null when none shows a failure. */
    diagnosis: DiagnosisSchema.nullable(),
    /**
     * Exit 1 of the CLI: exactly when there is a diagnosis (an error finding of a ticket chain, a failed or
     * self-contradicting report each lead to one: diagnose/ is the one judge).
     */
    failed: z.boolean(),
  })
  .strict();
export type CombinedAnalysis = z.infer<typeof CombinedAnalysisSchema>;
