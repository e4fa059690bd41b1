// The target of a check: the contract's input validation (shared with the CLI, IPC and the form) with its
// defaults applied, plus the SPN the engine derives from the server name.
import { validateCheckInput, type CheckInput } from '../../contract/check-input';
import type { Target } from '../../contract/index';
import { UsageError } from '../errors';

export type { CheckInput };

export function normalizeTarget(input: CheckInput): Target {
  const v = validateCheckInput(input);
  if (!v.ok) throw new UsageError(v.message, v.code);
  const r = v.request;
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
