// Maps what the server said about a refused login to a diagnosis. The same SQL error means different
// things depending on what we sent: 18452/17806 after a real Kerberos ticket means the server could not
// decrypt it (its service key differs from the KDC's); after an NTLM token it is the NTLM fallback MI rejects.
import type { DiagnosisCode } from '../../contract/codes';
import type { ServerMessage } from './sql-errors';
import { NTLMSSP_SIGNATURE } from '../krb-wire/token-inspect';

export type TokenMechanism = 'krb5' | 'spnego-krb5' | 'spnego-ntlm' | 'ntlm' | 'unknown';

const KRB5_OID = Buffer.from('06092a864886f712010202', 'hex');
const MS_KRB5_OID = Buffer.from('06092a864882f712010202', 'hex');
const SPNEGO_OID = Buffer.from('06062b0601050502', 'hex');
const KRB5_AP_REQ = Buffer.concat([KRB5_OID, Buffer.from('01006e', 'hex')]);
const MS_KRB5_AP_REQ = Buffer.concat([MS_KRB5_OID, Buffer.from('01006e', 'hex')]);

/** A shallow look at the token we sent: enough to tell Kerberos from NTLM, never a full parse. */
export function tokenMechanism(token: Buffer): TokenMechanism {
  if (token.subarray(0, 8).equals(NTLMSSP_SIGNATURE)) return 'ntlm';
  if (token[0] !== 0x60) return 'unknown';
  // GSS InitialContextToken: 0x60, DER length, then the mechanism OID.
  let off = 1;
  const first = token[off];
  if (first === undefined) return 'unknown';
  off += first < 0x80 ? 1 : 1 + (first & 0x7f);
  const oidAt = (oid: Buffer) => token.subarray(off, off + oid.length).equals(oid);
  if (oidAt(KRB5_OID)) return 'krb5';
  if (oidAt(SPNEGO_OID)) {
    const rest = token.subarray(off + SPNEGO_OID.length);
    if (rest.includes(NTLMSSP_SIGNATURE)) return 'spnego-ntlm';
    // A Kerberos mechToken is itself framed: the krb5 OID, TOK_ID 01 00, then the AP-REQ ([APPLICATION 14]).
    if (rest.includes(KRB5_AP_REQ) || rest.includes(MS_KRB5_AP_REQ)) return 'spnego-krb5';
    return 'unknown';
  }
  return 'unknown';
}

export interface LoginClassification {
  code: DiagnosisCode;
  evidence: string[];
}

const LOGIN_NAME = /Login failed for user '([^']*)'/;

export function classifyLoginErrors(errors: ServerMessage[], mechanism: TokenMechanism): LoginClassification {
  const evidence = errors.map((e) => `SQL error ${e.number}, class ${e.class}, state ${e.state}: ${e.message}`);
  const numbers = new Set(errors.map((e) => e.number));
  const kerberos = mechanism === 'krb5' || mechanism === 'spnego-krb5';
  if (numbers.has(18452) || numbers.has(17806)) {
    if (kerberos) {
      return {
        code: 'SERVICE_KEY_MISMATCH',
        evidence: [
          ...evidence,
          `the token sent was Kerberos (${mechanism}) carrying a service ticket, yet the server could not use it: ` +
            'the key it holds for the SPN does not match the one the KDC encrypted the ticket with',
        ],
      };
    }
    return {
      code: 'NTLM_FALLBACK',
      evidence: [
        ...evidence,
        `the token sent was ${mechanism === 'unknown' ? 'not recognisably Kerberos' : mechanism}: ` +
          'the server only accepts Kerberos for Windows logins',
      ],
    };
  }
  const notMapped = errors.find((e) => e.number === 18456);
  if (notMapped) {
    const name = LOGIN_NAME.exec(notMapped.message)?.[1];
    return {
      code: 'LOGIN_NOT_MAPPED',
      evidence: [
        ...evidence,
        name !== undefined
          ? `Kerberos worked; the server has no login for '${name}'`
          : 'Kerberos worked; the server has no login for this principal',
      ],
    };
  }
  return {
    code: 'UNKNOWN',
    evidence: evidence.length ? evidence : ['the server refused the login without an error message'],
  };
}
