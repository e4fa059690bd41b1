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
  constructor(code: string, errorArgs: GssErrorArgs) {
    super(code, errorArgs.rawMessage);
    this.args = errorArgs;
    this.name = 'GssError';
    this.rawMessage = errorArgs.rawMessage;
    this.call = errorArgs.call;
    this.stage = errorArgs.stage;
    this.provider = errorArgs.provider;
    this.evidence = [
      errorArgs.provider === 'gssapi'
        ? {
            kind: 'gss',
            text: errorArgs.rawMessage,
            stage: errorArgs.stage,
            ...(errorArgs.realm ? { realm: errorArgs.realm } : {}),
            ...(errorArgs.userRealm ? { userRealm: errorArgs.userRealm } : {}),
            ...(errorArgs.realm && errorArgs.userRealm
              ? { referral: errorArgs.realm.toUpperCase() !== errorArgs.userRealm.toUpperCase() }
              : {}),
          }
        : { kind: 'sspi', text: errorArgs.rawMessage, stage: errorArgs.stage, ...sspiStatus(errorArgs.rawMessage) },
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
