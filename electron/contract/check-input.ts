// What a user asks to check, declared once: the CLI, the IPC channel and the app's form all validate with
// this schema, so the same input means the same thing wherever it is typed. The engine derives the SPN from
// `server` (never from an address or a CNAME). The server text is read by server-input.ts (the reading the
// form runs as it is typed): `tcp:host,port` and `host:port` are split, with a note; a port there that
// contradicts `port` is refused. Every refusal carries a stable code (error-codes.ts).
import { z } from 'zod';

import { INPUT_ERROR_CODES, type InputErrorCode } from './error-codes';
import { CHECK_TIMEOUT_SECONDS, DEFAULT_PORT } from './limits';
import { readServerInput } from './server-input';

const portMessage = 'the port must be a whole number from 1 to 65535';
const { min: minTimeout, max: maxTimeout } = CHECK_TIMEOUT_SECONDS;
const timeoutMessage = `the timeout must be a number of seconds from ${minTimeout} to ${maxTimeout}`;
const serverRequired = '--server is required: the instance FQDN, e.g. sqlmi1.abc123.database.windows.net';

export const CheckInputSchema = z
  .object({
    // Bounded before it is read: a host name is at most 253 characters, `tcp:` and a port add a few.
    server: z.string({ error: serverRequired }).max(300, { error: 'a host name is at most 253 characters' }),
    port: z
      .number({ error: portMessage })
      .int({ error: portMessage })
      .min(1, { error: portMessage })
      .max(65535, { error: portMessage })
      .optional(),
    address: z.union([z.ipv4(), z.ipv6()], { error: '--address must be an IP address' }).optional(),
    database: z.string().trim().min(1).max(128).optional(),
    encrypt: z.enum(['strict', 'mandatory']).default('mandatory'),
    caFile: z.string().min(1).max(4096).optional(),
    trustServerCertificate: z.boolean().default(false),
    timeoutSeconds: z
      .number({ error: timeoutMessage })
      .min(CHECK_TIMEOUT_SECONDS.min, { error: timeoutMessage })
      .max(CHECK_TIMEOUT_SECONDS.max, { error: timeoutMessage })
      .default(CHECK_TIMEOUT_SECONDS.default),
  })
  .strict()
  .transform((v, ctx) => {
    const read = readServerInput(v.server, v.port ?? null);
    if (!read.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['server'],
        message: read.code === INPUT_ERROR_CODES.serverMissing ? serverRequired : read.message,
        params: { code: read.code },
      });
      return z.NEVER;
    }
    return { ...v, server: read.host, port: v.port ?? read.port ?? DEFAULT_PORT };
  });

/** What a caller passes (defaults may be left out). */
export type CheckInput = z.input<typeof CheckInputSchema>;
/** The input with its defaults applied and the server name normalised. */
export type CheckRequest = z.output<typeof CheckInputSchema>;

export type CheckInputResult =
  | { ok: true; request: CheckRequest; notes: string[] }
  | { ok: false; code: InputErrorCode; message: string; field: string };

/** The one validation of a check's input, with the stable code of the first problem, or the notes to show. */
export function validateCheckInput(input: unknown): CheckInputResult {
  const parsed = CheckInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    const own = issue?.code === 'custom' ? (issue.params as { code?: InputErrorCode } | undefined)?.code : undefined;
    const message = issue?.message ?? 'invalid check input';
    return {
      ok: false,
      code: own ?? INPUT_ERROR_CODES.usage,
      message: `${message}${field && !message.includes('--') && !own ? ` (${field})` : ''}`,
      field,
    };
  }
  const raw = (input as { server: string; port?: number }).server;
  const read = readServerInput(raw, (input as { port?: number }).port ?? null);
  return { ok: true, request: parsed.data, notes: read.ok && read.note ? [read.note] : [] };
}
