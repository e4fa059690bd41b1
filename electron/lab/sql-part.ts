// The SQL half of the lab (the TDS server), started after the KDCs, principals and keytab exist.
import { startSqlServer } from './tds/lab-sql';
import type { StartSqlServer } from './lab-types';

/** The SQL half's entry point. Kept behind a function so lab.ts reads the same in tests and bundles. */
export async function loadStartSqlServer(): Promise<StartSqlServer> {
  return startSqlServer;
}
