// What the lab TDS server process is told to be (written as JSON by lab-sql.ts, read by server-main.ts).
export interface ListenerConfig {
  /** 'gateway' answers logins (and redirects when routeTo is set); 'node' is a routing target. */
  role: 'gateway' | 'node';
  host: string;
  port: number;
  fqdn: string;
  /** The host-based GSS acceptor name for this listener's SPN: `MSSQLSvc@<fqdn>:<port>`. */
  service: string;
  certPem: string;
  keyPem: string;
  /** Redirect policy: after a successful login, send ENVCHANGE 20 to this server and port. */
  routeTo?: { server: string; port: number };
  /** 'blackhole' accepts TCP and never answers. */
  behaviour: 'normal' | 'blackhole';
}

export interface TdsServerConfig {
  listeners: ListenerConfig[];
  /** Existing SQL logins, lowercased (`alice@contoso.test`). */
  logins: string[];
  /** DIR/sql-server.log, or null for no log. */
  logFile: string | null;
  /** @@SERVERNAME. */
  serverName: string;
  /** @@VERSION. */
  version: string;
  databases: string[];
  /** A connection that has not logged in within this time is closed. */
  loginTimeoutMs: number;
  /** A connection that has not sent its PRELOGIN within this time is closed (LAB_TDS_LIMITS when absent). */
  preloginTimeoutMs?: number;
  /** Open connections at most, all listeners together (LAB_TDS_LIMITS when absent). */
  maxConnections?: number;
}

/**
 * The lab TDS server's limits (stated in docs/lab.md). SQL Server closes a connection whose login does not
 * complete in time: the Database Engine's errors 17830 ("... may have been caused by client or server login
 * timeout expiration") and 17197 ("Login failed due to timeout") are that, and real clients send PRELOGIN
 * at once (SqlClient gives its pre-login handshake the connect timeout, 15 s by default). Microsoft does not
 * document the server's own timer; the lab gives a silent connection 5 s to send PRELOGIN and a whole login
 * 60 s. SQL Server accepts up to 32,767 user connections ("user connections" server configuration option,
 * https://learn.microsoft.com/en-us/sql/database-engine/configure-windows/configure-the-user-connections-server-configuration-option);
 * the lab, one Node process on a test machine, holds 1024 and, when full, closes the connection that has waited
 * longest without a PRELOGIN to admit a new one, so silent connections can never lock a real client out.
 */
export const LAB_TDS_LIMITS = { preloginTimeoutMs: 5_000, loginTimeoutMs: 60_000, maxConnections: 1024 } as const;

export const LAB_SQL_VERSION =
  'Microsoft SQL Azure (RTM) - 12.0.2000.8 \n\tKerbProbe lab TDS server \n\tCopyright (C) 2022 Microsoft Corporation\n';
