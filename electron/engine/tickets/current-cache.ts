// "The current cache of this OS": KRB5CCNAME (or the default cache) on POSIX, `klist` on Windows.
// A FILE cache is read directly; KCM, KEYRING, DIR and API caches go through the platform's klist.
import { KerbProbeError } from '../errors';
import { READ_ERROR_CODES, readBounded } from '../read-bounded';
import { ticketsFromCcache, ticketsFromKlistText, type TicketSource } from './ticket-source';
import { runTool } from '../run-tool';
import { TICKET_ERROR_CODES } from '../../contract/error-codes';

export interface CurrentCacheOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Only for POSIX: the uid for the MIT default `/tmp/krb5cc_<uid>`. */
  uid?: number;
  klistCommand?: string;
  /** The tool runner (default: the real one). */
  run?: typeof runTool;
}

/** Where KRB5CCNAME (or the default) points: `{ type, residual }`. */
export function resolveCacheName(
  env: NodeJS.ProcessEnv,
  uid: number,
): { type: string; residual: string; name: string } {
  const name = env['KRB5CCNAME'] && env['KRB5CCNAME'] !== '' ? env['KRB5CCNAME'] : `FILE:/tmp/krb5cc_${uid}`;
  const m = /^([A-Za-z]+):(.*)$/.exec(name);
  // A bare path is a FILE cache (MIT's rule); a one-letter "type" is a Windows drive letter.
  if (!m || (m[1] ?? '').length === 1) return { type: 'FILE', residual: name, name: `FILE:${name}` };
  return { type: (m[1] ?? '').toUpperCase(), residual: m[2] ?? '', name };
}

export async function readCurrentCache(opts: CurrentCacheOptions = {}): Promise<TicketSource> {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const run = opts.run ?? runTool;
  if (platform === 'win32') {
    const result = await run(opts.klistCommand ?? 'klist', [], { timeoutMs, env });
    return ticketsFromKlistText(result.stdout, {}, 'windows-klist');
  }
  const cache = resolveCacheName(env, opts.uid ?? (process.getuid ? process.getuid() : 0));
  if (cache.type === 'FILE') {
    let bytes: Buffer;
    try {
      bytes = await readBounded(cache.residual, 'ccache', { what: `The credential cache ${cache.residual}` });
    } catch (err) {
      if (err instanceof KerbProbeError && err.code === 'INPUT_TOO_LARGE') throw err;
      // A FIFO or a device: what the Kerberos library would block on (engine/kerberos/kerberos-files.ts).
      if (err instanceof KerbProbeError && err.code === READ_ERROR_CODES.notAFile)
        throw new KerbProbeError(
          'KERBEROS_FILE_UNUSABLE',
          `the ticket cache ${cache.name} (KRB5CCNAME): ${err.message}`,
        );
      const code = (err as { cause?: NodeJS.ErrnoException }).cause?.code;
      if (code === 'ENOENT')
        throw new KerbProbeError(
          TICKET_ERROR_CODES.noCache,
          `no credential cache at ${cache.residual} (no kinit yet?)`,
          { cause: err },
        );
      throw new KerbProbeError('CCACHE_UNREADABLE', `cannot read ${cache.residual}: ${code ?? String(err)}`, {
        cause: err,
      });
    }
    return ticketsFromCcache(bytes, cache.name);
  }
  // klist exits 1 when the cache holds no tickets; its stderr then says why.
  const result = await run(opts.klistCommand ?? 'klist', ['-e', '-f', '-C', cache.name], {
    timeoutMs,
    env,
    okExitCodes: [1],
  });
  if (result.exitCode !== 0) {
    throw new KerbProbeError(
      TICKET_ERROR_CODES.noCache,
      `klist found no credentials in ${cache.name}: ${result.stderr.trim().split('\n')[0] ?? ''}`,
    );
  }
  return ticketsFromKlistText(result.stdout, {}, `${cache.name}`);
}
