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
}

export const LAB_SQL_VERSION =
  'Microsoft SQL Azure (RTM) - 12.0.2000.8 \n\tKerbProbe lab TDS server \n\tCopyright (C) 2022 Microsoft Corporation\n';
