// What a user asks to check, declared once: the CLI, the IPC channel and the app's form all validate with
// this schema, so the same input means the same thing wherever it is typed. The engine derives the SPN from
// `server` (never from an address or a CNAME).
import { z } from 'zod';

import { CHECK_TIMEOUT_SECONDS, DEFAULT_PORT } from './limits';

const portMessage = 'the port must be a whole number from 1 to 65535';
const timeoutMessage = `the timeout must be a number of seconds from ${CHECK_TIMEOUT_SECONDS.min} to ${CHECK_TIMEOUT_SECONDS.max}`;

export const CheckInputSchema = z.object({
  server: z.string({ error: '--server is required: the instance FQDN, e.g. sqlmi1.abc123.database.windows.net' })
    .trim()
    .transform((s) => s.replace(/\.$/, '').toLowerCase())
    .pipe(z.string()
      .min(1, { error: '--server is required: the instance FQDN, e.g. sqlmi1.abc123.database.windows.net' })
      .max(253, { error: 'a host name is at most 253 characters' })
      .refine((s) => !/[\s/\\@]/.test(s), { error: 'the server is not a host name (no spaces, slashes or @)' })),
  port: z.number({ error: portMessage }).int({ error: portMessage }).min(1, { error: portMessage }).max(65535, { error: portMessage }).default(DEFAULT_PORT),
  address: z.union([z.ipv4(), z.ipv6()], { error: '--address must be an IP address' }).optional(),
  database: z.string().trim().min(1).max(128).optional(),
  encrypt: z.enum(['strict', 'mandatory']).default('mandatory'),
  caFile: z.string().min(1).max(4096).optional(),
  trustServerCertificate: z.boolean().default(false),
  timeoutSeconds: z.number({ error: timeoutMessage }).min(CHECK_TIMEOUT_SECONDS.min, { error: timeoutMessage })
    .max(CHECK_TIMEOUT_SECONDS.max, { error: timeoutMessage }).default(CHECK_TIMEOUT_SECONDS.default),
}).strict();

/** What a caller passes (defaults may be left out). */
export type CheckInput = z.input<typeof CheckInputSchema>;
/** The input with its defaults applied and the server name normalised. */
export type CheckRequest = z.output<typeof CheckInputSchema>;
