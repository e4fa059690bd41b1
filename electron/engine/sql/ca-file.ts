// The `--ca` file (the form's CA file): read bounded and checked to hold a PEM certificate. Read once, where the
// check's target is built (check/target.ts), so a mistyped path is a usage error before any traffic, never a
// check that runs the whole chain and ends UNKNOWN; the SQL login takes the PEM text from the target.
import { INPUT_ERROR_CODES } from '../../contract/error-codes';
import { KerbProbeError, UsageError } from '../errors';
import { InputTooLargeError, READ_ERROR_CODES, readBounded } from '../read-bounded';

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * The PEM text of the CA file, or a UsageError with the contract's code: missing, unreadable (too large),
 * not PEM.
 */
export async function readCaFile(path: string): Promise<string> {
  let pem: string;
  try {
    pem = (await readBounded(path, 'caFile', { what: `The CA file ${path}` })).toString('utf8');
  } catch (err) {
    if (err instanceof InputTooLargeError) throw new UsageError(err.message, INPUT_ERROR_CODES.caUnreadable);
    // A FIFO, a device, a share that stopped answering: the reader's own sentence says which.
    if (err instanceof KerbProbeError && err.code !== READ_ERROR_CODES.unreadable)
      throw new UsageError(`the CA file ${err.message.replace(/^cannot read /, '')}`, INPUT_ERROR_CODES.caUnreadable);
    const errno = ((err as { cause?: NodeJS.ErrnoException }).cause ?? (err as NodeJS.ErrnoException)).code;
    if (errno === 'ENOENT' || errno === 'ENOTDIR')
      throw new UsageError(
        `the CA file ${path} does not exist (--ca names a PEM file of certificate authorities)`,
        INPUT_ERROR_CODES.caMissing,
      );
    throw new UsageError(
      `cannot read the CA file ${path}: ${errno ?? (err as Error).message}`,
      INPUT_ERROR_CODES.caUnreadable,
    );
  }
  if (!pem.includes(PEM_CERTIFICATE))
    throw new UsageError(
      `the CA file ${path} holds no PEM certificate (a "${PEM_CERTIFICATE}" block)`,
      INPUT_ERROR_CODES.caNotPem,
    );
  return pem;
}
