// Loads the SQL half of the lab (electron/lab/tds/lab-sql.ts, owned by the TDS server) when it exists.
import { KerbProbeError } from '../engine/errors';
import type { StartSqlServer } from './lab-types';

function isMissingSqlModule(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : '';
  const notFound = e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND' || /not found in bundle|Could not resolve|Cannot find module/i.test(message);
  // Only the module itself being absent means "no SQL part yet"; a missing dependency inside it is a bug.
  return notFound && /lab-sql/.test(message);
}

/** Returns the SQL half's entry point, or null when the lab has no SQL part (yet). */
export async function loadStartSqlServer(): Promise<StartSqlServer | null> {
  // A template literal makes the bundler include whatever `tds/lab-*` files exist at build time and
  // leaves the lookup to run time, so the build works with and without the SQL half present.
  const part = 'sql';
  try {
    const mod = (await import(`./tds/lab-${part}`)) as { startSqlServer?: StartSqlServer };
    if (typeof mod.startSqlServer !== 'function') {
      throw new KerbProbeError('LAB_SQL_PART_INVALID', 'electron/lab/tds/lab-sql does not export startSqlServer(ctx)');
    }
    return mod.startSqlServer;
  } catch (err) {
    if (isMissingSqlModule(err)) return null;
    throw err;
  }
}
