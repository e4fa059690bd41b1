// The target of a check, built once at the edge (the CLI's options, an IPC request, a test): the contract's
// input validation (shared with the CLI, IPC and the form) with its defaults applied, the SPN the engine
// derives from the server name, and the CA file's contents read once. Nothing inside the check validates it
// again or reads the CA file again.
import { validateCheckInput, type CheckInput } from '../../contract/check-input';
import type { Target } from '../../contract/index';
import { UsageError } from '../errors';
import { readCaFile } from '../sql/ca-file';

export type { CheckInput };

/**
 * What the hops check: the report's target (the CA file named by its path, as the report shows it) and the
 * CA file's PEM text, which the TLS trust set takes and no report or history ever holds.
 */
export interface CheckTarget extends Target {
  readonly caPem?: string;
}

/** A built target and the notes of its reading (e.g. the port read from `host,port`), for the caller to show. */
export interface BuiltTarget {
  target: CheckTarget;
  notes: string[];
}

/** The validated target without reading any file: a refusal is a UsageError with the contract's code. */
export function normalizeTarget(input: CheckInput): Target {
  return validatedTarget(input).target;
}

/**
 * The target of one check: validated, and its CA file (when one is named) read and checked to hold a PEM
 * certificate, so a mistyped path is a usage error before any traffic.
 */
export async function buildTarget(input: CheckInput): Promise<BuiltTarget> {
  const { target, notes } = validatedTarget(input);
  if (!target.caFile) return { target, notes };
  return { target: { ...target, caPem: await readCaFile(target.caFile) }, notes };
}

function validatedTarget(input: CheckInput): { target: Target; notes: string[] } {
  const validation = validateCheckInput(input);
  if (!validation.ok) throw new UsageError(validation.message, validation.code);
  const request = validation.request;
  const target: Target = {
    server: request.server,
    port: request.port,
    ...(request.address ? { address: request.address } : {}),
    ...(request.database ? { database: request.database } : {}),
    encrypt: request.encrypt,
    spn: `MSSQLSvc/${request.server}:${request.port}`,
    ...(request.caFile ? { caFile: request.caFile } : {}),
    trustServerCertificate: request.trustServerCertificate,
    timeoutSeconds: request.timeoutSeconds,
  };
  return { target, notes: validation.notes };
}

/** The target as a report shows it: the CA file's path, never its contents. */
export function reportedTarget({ caPem: _pem, ...target }: CheckTarget): Target {
  return target;
}
