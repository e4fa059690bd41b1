// The server side of Kerberos through real GSSAPI (MIT, via the `kerberos` binding): the keytab comes
// from KRB5_KTNAME of this process. gss_accept_sec_context takes raw krb5 and SPNEGO tokens alike and
// answers in kind (AP-REP, or NegTokenResp wrapping it). Nothing about the client is believed until it
// succeeds.
import kerberos from 'kerberos';
import { KerbProbeError } from '../../engine/errors';
import { prepareToken, type PreparedToken } from './negotiate-token';

export interface AcceptStep {
  complete: boolean;
  /** The token to send back (AP-REP / NegTokenResp); empty when GSS has nothing to say. */
  response: Buffer;
  /** The authenticated client principal (`alice@CONTOSO.TEST`), once complete. */
  principal: string | null;
}

/** Maps a GSS failure to the SSPI status SQL Server would log in 17806 (locale-free evidence). */
export function windowsStatusFor(gssMessage: string): number {
  const m = gssMessage.toLowerCase();
  if (/clock skew/.test(m)) return 0x80090324; // SEC_E_TIME_SKEW
  if (
    /integrity|decrypt|not found in keytab|key version|kvno|wrong principal|no key table entry|cannot find key/.test(m)
  )
    return 0x8009030c; // SEC_E_LOGON_DENIED
  if (/expired/.test(m)) return 0x80090321; // SEC_E_CONTEXT_EXPIRED
  return 0x80090308; // SEC_E_INVALID_TOKEN
}

export class GssAcceptFailed extends KerbProbeError {
  readonly windowsStatus: number;
  constructor(gssMessage: string) {
    super('GSS_ACCEPT_FAILED', gssMessage);
    this.name = 'GssAcceptFailed';
    this.windowsStatus = windowsStatusFor(gssMessage);
  }
}

export class GssAcceptor {
  private server: kerberos.KerberosServer | null = null;
  constructor(private readonly service: string) {}

  /** service: the host-based name `MSSQLSvc@<fqdn>:<port>` matching the keytab entry. */
  /** Reads the client's token: what it is, and the bytes MIT is given (see negotiate-token.ts). */
  receive(token: Buffer): PreparedToken {
    return prepareToken(token);
  }

  async step(received: PreparedToken): Promise<AcceptStep> {
    const token = received.forAcceptor;
    if (token.length === 0) throw new GssAcceptFailed('No security token was supplied');
    try {
      this.server ??= await kerberos.initializeServer(this.service);
      const response = await this.server.step(token.toString('base64'));
      const complete = Boolean(this.server.contextComplete);
      return {
        complete,
        response: response ? Buffer.from(response, 'base64') : Buffer.alloc(0),
        principal: complete && this.server.username ? this.server.username : null,
      };
    } catch (err) {
      if (err instanceof GssAcceptFailed) throw err;
      throw new GssAcceptFailed(err instanceof Error ? err.message : String(err));
    }
  }
}
