// The seam between Kerberos acquisition (the native binding: GSSAPI here, SSPI on Windows) and
// whoever carries the tokens (the TDS login). The SQL layer only ever sees this interface.

export interface SecurityTarget {
  /** The name the user typed (never a resolved CNAME or an IP): the SPN host. */
  host: string;
  port: number;
}

export interface SecurityContext {
  /** The SPN as Windows writes it: `MSSQLSvc/<fqdn>:<port>`. */
  readonly spn: string;
  /**
   * First call (no argument): the initial token (AP-REQ, raw krb5 or SPNEGO).
   * Later calls: feed the server's token (e.g. the AP-REP from a 0xED SSPI token); returns the next
   * token to send, or an empty buffer when the context needs to send nothing more.
   * Rejects with a KerbProbeError carrying a classified code when the GSS layer fails.
   */
  step(serverToken?: Buffer): Promise<Buffer>;
  /** True when the GSS context reports completion. */
  readonly complete: boolean;
  /** True once a server token has been processed and the context completed with mutual auth requested. */
  readonly mutualAuthVerified: boolean;
}

export type SecurityContextFactory = (target: SecurityTarget) => Promise<SecurityContext>;
