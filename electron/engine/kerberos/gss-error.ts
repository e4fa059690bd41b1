// A failure reported by the native GSS layer (MIT GSSAPI here, SSPI on Windows). The message is the raw
// library text, kept verbatim as evidence: MIT gives no numbers, Windows gives localized text, so the
// classifier (electron/engine/diagnose) needs exactly what the library said.
import { KerbProbeError } from '../errors';
import type { Evidence, KerberosStage } from '../diagnose/evidence';

export type GssCall = 'initialize' | 'step';

export interface GssErrorArgs {
  rawMessage: string;
  call: GssCall;
  stage: KerberosStage;
  provider: 'gssapi' | 'sspi';
  spn: string;
  /** The realm the SPN lives in, when known (krb5.conf domain_realm, or the Entra realm for Azure SQL hosts). */
  realm?: string;
  /** The signed-in user's realm, when known. */
  userRealm?: string;
}

export class GssError extends KerbProbeError {
  /** The library's own words, e.g. "Unspecified GSS failure.  Minor code may provide more information: …". */
  readonly rawMessage: string;
  readonly call: GssCall;
  /** tgs: getting the service ticket (first step); ap: checking the server's reply (later steps). */
  readonly stage: KerberosStage;
  readonly provider: 'gssapi' | 'sspi';
  readonly evidence: Evidence[];
  readonly args: GssErrorArgs;
  constructor(code: string, a: GssErrorArgs) {
    super(code, a.rawMessage);
    this.args = a;
    this.name = 'GssError';
    this.rawMessage = a.rawMessage;
    this.call = a.call;
    this.stage = a.stage;
    this.provider = a.provider;
    this.evidence = [
      a.provider === 'gssapi'
        ? {
            kind: 'gss',
            text: a.rawMessage,
            stage: a.stage,
            ...(a.realm ? { realm: a.realm } : {}),
            ...(a.userRealm ? { userRealm: a.userRealm } : {}),
            ...(a.realm && a.userRealm ? { referral: a.realm.toUpperCase() !== a.userRealm.toUpperCase() } : {}),
          }
        : { kind: 'sspi', text: a.rawMessage, stage: a.stage, ...sspiStatus(a.rawMessage) },
    ];
  }

  /** The same failure once the classifier has named it. */
  withCode(code: string): GssError {
    return new GssError(code, this.args);
  }
}

/** SSPI texts are "<API>: <localized text>"; a hex status sometimes appears in them: prefer it. */
function sspiStatus(text: string): { status?: string } {
  const m = /\b0x[0-9a-f]{8}\b/i.exec(text);
  return m ? { status: m[0].toLowerCase() } : {};
}
