// The proof: one query, answered from the authenticated session itself, that shows how the server sees
// us. Test servers answer exactly this text; keep the column aliases stable.
import type { SqlResult } from '../../contract/report';
import { SqlProbeError } from './sql-errors';

export const VERIFICATION_QUERY =
  'SELECT c.auth_scheme AS auth_scheme, SUSER_SNAME() AS login_name, @@SERVERNAME AS server_name, ' +
  '@@VERSION AS version, c.net_transport AS net_transport, c.encrypt_option AS encrypt_option ' +
  'FROM sys.dm_exec_connections AS c WHERE c.session_id = @@SPID';

export const VERIFICATION_COLUMNS = [
  'auth_scheme',
  'login_name',
  'server_name',
  'version',
  'net_transport',
  'encrypt_option',
] as const;

export interface QueryColumn {
  name: string;
  value: unknown;
}

/** Maps the row by column name, falling back to the SELECT-list position when a server renames columns. */
export function verificationRowToResult(
  row: QueryColumn[],
  extra: { mutualAuth: boolean; tdsVersion?: string },
): SqlResult {
  const byName = new Map(row.map((c) => [c.name.toLowerCase(), c.value]));
  const get = (i: number): string | null => {
    const name = VERIFICATION_COLUMNS[i]!;
    const v = byName.has(name) ? byName.get(name) : row[i]?.value;
    return v === null || v === undefined ? null : String(v);
  };
  const authScheme = get(0);
  const login = get(1);
  if (authScheme === null || login === null) {
    throw new SqlProbeError(
      'PROTOCOL_ERROR',
      `the verification query returned no auth_scheme or login ` +
        `(columns: ${row.map((column) => column.name).join(', ') || 'none'})`,
    );
  }
  const result: SqlResult = {
    authScheme: authScheme.trim(),
    login,
    server: get(2) ?? '',
    version: get(3) ?? '',
    encrypt: get(5) ?? '',
    mutualAuth: extra.mutualAuth,
  };
  const transport = get(4);
  if (transport !== null) result.netTransport = transport;
  if (extra.tdsVersion) result.tdsVersion = extra.tdsVersion;
  return result;
}
