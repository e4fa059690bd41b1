// One line of the check history (a JSON Lines file per user): the summary of one CheckReport that a log
// shipper collects (Azure Monitor Agent, Splunk, Fluent Bit) and `kerbprobe analyze --fleet` groups. Declared
// once here: the engine writes it, the CLI and the app read it, the fleet view and the KQL in docs/ key on
// these field names. Flat and short on purpose: a million lines stay a few hundred MB, and every column a
// query needs is a top-level field.
import { z } from 'zod';
import { DIAGNOSIS_CODES } from './codes';
import { ChainSchema, STEP_IDS } from './report';

export const HISTORY_SCHEMA_VERSION = 1 as const;

/** The most bytes one history line may take; longer lines are not KerbProbe's and are skipped when read. */
export const MAX_HISTORY_LINE_BYTES = 16_384;
/** The history file is rotated (to `.1`, the previous `.1` to `.2`) before it would grow past this. */
export const HISTORY_ROTATE_BYTES = 5_000_000;
/** How many rotated generations are kept beside the live file. */
export const HISTORY_KEEP_ROTATED = 2;

const text = (max: number) => z.string().max(max);

/**
 * The fields of a history line that name the organisation or the person, which a deployment may leave out
 * (`historyRedact` in a check config, contract/check-config.ts; `check --redact` leaves out `user`). A field left
 * out holds the word `redacted` (never a value it could have: a query tells "left out" from "none"), except the
 * user, which is null as it always was when redacted. The line keeps its fields: every reader reads it as before.
 */
export const HISTORY_REDACTABLE = ['user', 'device', 'server', 'address', 'kdc', 'subnet'] as const;
export type HistoryRedactable = (typeof HISTORY_REDACTABLE)[number];
/** What a left-out field holds instead (the user: null). */
export const HISTORY_REDACTED_VALUE = 'redacted';

export const HistoryEntrySchema = z
  .object({
    /** The line's schema version. */
    v: z.literal(HISTORY_SCHEMA_VERSION),
    /** When the check started (ISO 8601, UTC): the report's startedAt. */
    time: z.iso.datetime({ offset: true }),
    /** The device's host name. */
    device: text(253).min(1),
    /** Who ran the check (the Kerberos principal, else the OS account); null when redacted. */
    user: text(512).nullable(),
    server: text(253).min(1),
    port: z.number().int().min(1).max(65535),
    /** The address dialled instead of resolving the server, when one was given. */
    address: text(64).nullable(),
    verdict: z.enum(['pass', 'fail']),
    /** The diagnosis code; null when the check passed. */
    code: z.enum(DIAGNOSIS_CODES).nullable(),
    /** The Kerberos flow the chain took (null when the check got no chain). */
    flow: ChainSchema.shape.flow.nullable(),
    /** The first step that failed, if any. */
    failedStep: z.enum(STEP_IDS).nullable(),
    /** Milliseconds of every step that ran (skipped steps are left out). */
    steps: z.partialRecord(z.enum(STEP_IDS), z.number().nonnegative()),
    totalMs: z.number().nonnegative(),
    /** The client's site: its IPv4 /24 (IPv6 /64) on the interface it used, when known. */
    subnet: text(64).nullable(),
    /** The KDC the check reached first (host:port or proxy URL), when it reached one. */
    kdc: text(512).nullable(),
    /** The OS and its build, e.g. `win32 10.0.22631`. */
    os: text(128),
    /** KerbProbe's version. */
    tool: text(32),
  })
  .strict();
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** The fields of a history line, in the order they are written: what the docs' KQL may reference. */
export const HISTORY_FIELDS = Object.keys(HistoryEntrySchema.shape) as (keyof HistoryEntry)[];

/** What reading the history returns (the CLI's `history --json`, the app's `history.recent`). */
export const HistoryReadSchema = z.object({
  path: z.string(),
  /** Newest last. */
  entries: z.array(HistoryEntrySchema),
  /** Lines that were not history entries (damaged, foreign, too long, a torn last line). */
  skipped: z.number().int().nonnegative(),
  /** The file ends inside a line: a writer was killed mid-write. */
  torn: z.boolean(),
});
export type HistoryRead = z.infer<typeof HistoryReadSchema>;

export const HistoryQuerySchema = z
  .object({
    server: z.string().min(1).max(253).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;
