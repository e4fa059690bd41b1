// Turns what the TLS handshake showed into the reported TlsInfo and, when the channel must not carry the
// Kerberos token, a classified failure. Chain trust and name match are judged separately so that a
// certificate name mismatch (TLS_NAME_MISMATCH) is never mistaken for an SPN problem, and vice versa.
import type { TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import type { X509Certificate } from 'node:crypto';
import type { TlsInfo } from '../../contract/report';
import { formatTime } from '../../contract/format';
import { SqlProbeError } from './sql-errors';

/** Node's code when the chain verified but the certificate does not name the host. */
const NAME_MISMATCH_CODE = 'ERR_TLS_CERT_ALTNAME_INVALID';

export interface TlsFacts {
  protocol: string | null;
  /** Node's `authorized`: chain AND name verified. */
  authorized: boolean;
  /** Node's `authorizationError` code, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED. */
  authorizationError: string | null;
  subject: string | null;
  issuer: string | null;
  validTo: string | null;
  /** Result of the standard host-name check against the name we authenticate as. */
  nameMatches: boolean | null;
  /** Subject alternative names as the certificate lists them, for the evidence. */
  altNames: string | null;
}

export interface TlsVerdict {
  info: TlsInfo;
  failure: SqlProbeError | null;
}

export function judgeTls(facts: TlsFacts, expectedName: string, trustServerCertificate: boolean): TlsVerdict {
  // When the chain fails Node never runs the name check, so a name-mismatch code implies a good chain.
  const trusted = facts.authorized || facts.authorizationError === NAME_MISMATCH_CODE;
  const info: TlsInfo = {
    protocol: facts.protocol,
    subject: facts.subject,
    issuer: facts.issuer,
    validTo: facts.validTo,
    nameMatches: facts.nameMatches,
    trusted,
    trustServerCertificate,
  };
  if (trustServerCertificate) return { info, failure: null };
  const cert =
    `certificate ${facts.subject ?? '(none)'} issued by ${facts.issuer ?? '(unknown)'}, ` +
    `valid to ${facts.validTo ?? '(unknown)'}`;
  if (!trusted) {
    const evidence = [cert, `TLS verification error: ${facts.authorizationError ?? 'unknown'}`];
    if (facts.nameMatches === false)
      evidence.push(`the certificate also does not name ${expectedName} (names: ${facts.altNames ?? 'none'})`);
    return {
      info,
      failure: new SqlProbeError(
        'TLS_UNTRUSTED',
        `the server's TLS certificate is not trusted (${facts.authorizationError ?? 'unknown reason'})`,
        evidence,
      ),
    };
  }
  if (facts.nameMatches === false) {
    return {
      info,
      failure: new SqlProbeError('TLS_NAME_MISMATCH', `the server's TLS certificate does not name ${expectedName}`, [
        cert,
        `certificate names: ${facts.altNames ?? 'none'}`,
        'this is the TLS certificate, not the Kerberos SPN: the Kerberos token was not sent',
      ]),
    };
  }
  return { info, failure: null };
}

function dn(text: string | undefined): string | null {
  if (!text) return null;
  return text.split('\n').filter(Boolean).join(', ');
}

/** RFC 6125 matching as OpenSSL does it (SAN first, the subject CN only when there is no SAN). */
export function nameMatches(cert: X509Certificate, name: string): boolean {
  const bare = name.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return cert.checkIP(bare) !== undefined;
  return cert.checkHost(bare.replace(/\.$/, '')) !== undefined;
}

/** Reads the facts off a connected TLS socket (validation may have been deferred to us). */
export function readTlsFacts(socket: TLSSocket, expectedName: string): TlsFacts {
  const x509: X509Certificate | undefined = socket.getPeerX509Certificate();
  let validTo: string | null = null;
  if (x509) {
    const expiry = new Date(x509.validTo);
    validTo = Number.isNaN(expiry.getTime()) ? x509.validTo : formatTime(expiry.toISOString());
  }
  const err = socket.authorizationError as unknown;
  const authorizationError =
    err == null ? null : typeof err === 'string' ? err : ((err as { code?: string }).code ?? String(err));
  return {
    protocol: socket.getProtocol() ?? null,
    authorized: socket.authorized,
    authorizationError,
    subject: dn(x509?.subject),
    issuer: dn(x509?.issuer),
    validTo,
    nameMatches: x509 ? nameMatches(x509, expectedName) : null,
    altNames: x509?.subjectAltName ?? null,
  };
}
