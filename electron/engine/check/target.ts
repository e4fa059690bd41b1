// The target of a check: the contract's input schema (shared with the CLI, IPC and the form) with its
// defaults applied, plus the SPN the engine derives from the server name.
import { CheckInputSchema, type CheckInput } from '../../contract/check-input';
import type { Target } from '../../contract/index';
import { UsageError } from '../errors';

export type { CheckInput };

export function normalizeTarget(input: CheckInput): Target {
  const parsed = CheckInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.');
    throw new UsageError(`${issue?.message ?? 'invalid check input'}${field && !issue?.message.includes('--') ? ` (${field})` : ''}`);
  }
  const r = parsed.data;
  return {
    server: r.server,
    port: r.port,
    ...(r.address ? { address: r.address } : {}),
    ...(r.database ? { database: r.database } : {}),
    encrypt: r.encrypt,
    spn: `MSSQLSvc/${r.server}:${r.port}`,
    ...(r.caFile ? { caFile: r.caFile } : {}),
    trustServerCertificate: r.trustServerCertificate,
    timeoutSeconds: r.timeoutSeconds,
  };
}
