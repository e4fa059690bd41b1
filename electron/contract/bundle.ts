// The file `kerbprobe collect` and the app's "Collect for helpdesk" write: every command a helpdesk would ask
// the user to run, as it answered in the user's own session, plus the check's report — one document that
// `kerbprobe analyze` and the Helpdesk view open. Outputs are kept raw (bounded); no key or ticket bytes
// (klist tgt, which prints the session key, is not collected).
import { z } from 'zod';
import { CheckReportSchema } from './report';
import { MAX_COLLECTED_OUTPUT } from './limits';

export const BUNDLE_FORMAT = 'kerbprobe-bundle' as const;
export const BUNDLE_SCHEMA_VERSION = 1 as const;

/** How one command ended: answered (any exit code), not installed, out of time, or failed to start. */
export const CAPTURE_OUTCOMES = ['ok', 'missing', 'timeout', 'failed'] as const;

export const CommandCaptureSchema = z
  .object({
    /** Stable name of the question, e.g. `klist`, `klist-get-service`, `reg-kdc-proxy`. */
    id: z.string().regex(/^[a-z0-9-]{1,64}$/),
    /** What the helpdesk asked for, as a person types it. */
    command: z.string().max(1000),
    outcome: z.enum(CAPTURE_OUTCOMES),
    exitCode: z.number().int().nullable(),
    stdout: z.string().max(MAX_COLLECTED_OUTPUT),
    stderr: z.string().max(MAX_COLLECTED_OUTPUT),
    /** True when the output was longer than the bundle keeps (it is cut at MAX_COLLECTED_OUTPUT). */
    truncated: z.boolean(),
    ms: z.number().nonnegative(),
    /** Why a command did not answer (missing, timeout, failed), in words. */
    note: z.string().max(2000).optional(),
  })
  .strict();
export type CommandCapture = z.infer<typeof CommandCaptureSchema>;

export const BundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION),
    tool: z.object({ name: z.literal('kerbprobe'), version: z.string(), platform: z.string() }).strict(),
    /** When the commands ran: every output in the bundle is judged as of this time. */
    capturedAt: z.string().datetime(),
    redacted: z.boolean(),
    /** The instance the SPNs were built for, when one was given. */
    target: z
      .object({ server: z.string().max(253), port: z.number().int().min(1).max(65535), spn: z.string() })
      .strict()
      .nullable(),
    /** Whether the session was elevated (whoami /groups: High Mandatory Level) — tickets differ per logon session. */
    elevated: z.boolean().nullable(),
    commands: z.array(CommandCaptureSchema).max(64),
    check: CheckReportSchema.nullable(),
    /** Why the check did not run or did not finish, when it did not. */
    checkError: z
      .object({ code: z.string(), message: z.string().max(2000) })
      .strict()
      .nullable(),
  })
  .strict();
export type Bundle = z.infer<typeof BundleSchema>;

/**
 * What one field of a collected tool output holds, for redaction (engine/report/redact-tool-output.ts): each
 * parser in engine/environment/ declares its output's fields beside it, as the report's schema declares
 * REPORT_FIELD_KINDS. `fixed`: Microsoft's own words, yes/no, numbers, states, times — kept as printed. `secret`:
 * never kept. The others name one thing of their kind and are replaced by a placeholder, the same in every
 * output of the bundle and in its check (`hosts`: a list of host names or `.suffix`es; `proxy`: a proxy list of
 * `[scheme=]host[:port]` entries; `kdc-proxy`: a KDC proxy policy value `<https host:port:path />`). A field a
 * table does not list is redacted, never kept.
 */
export type ToolFieldKind =
  | 'fixed'
  | 'secret'
  | 'host'
  | 'hosts'
  | 'proxy'
  | 'kdc-proxy'
  | 'url'
  | 'realm'
  | 'tenant'
  | 'org'
  | 'user'
  | 'group'
  | 'path';

/**
 * What a registry key's values hold (`reg query KEY`): by value name (lower case), `*` for any other value of the
 * key; `valueName` when a value's name is itself a name (the policy's HostToRealm: the name is a realm), `subkey`
 * what a subkey's name is. REG_DWORD and REG_QWORD data are numbers whatever the name.
 */
export interface RegKeyFieldKinds {
  key: string;
  values: Readonly<Record<string, ToolFieldKind>>;
  valueName?: ToolFieldKind;
  subkey?: ToolFieldKind;
}
