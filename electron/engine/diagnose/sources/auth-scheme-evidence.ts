// `auth_scheme` of sys.dm_exec_connections for our session.
import type { EvidenceSource } from '../evidence-source';
import { failure, info } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';

export interface AuthSchemeEvidence {
  kind: 'auth-scheme';
  scheme: string;
}

/** `sys.dm_exec_connections.auth_scheme` of a session that really is Kerberos. */
export function isKerberosScheme(scheme: string): boolean {
  return scheme.trim().toUpperCase() === 'KERBEROS';
}

export const authSchemeEvidence: EvidenceSource<AuthSchemeEvidence> = {
  kind: 'auth-scheme',
  describe: (e) => `sys.dm_exec_connections.auth_scheme = ${sanitizeEvidenceText(e.scheme)}`,
  read(e) {
    const line = this.describe(e);
    return isKerberosScheme(e.scheme)
      ? info(line)
      : failure(line, 'NTLM_FALLBACK', 'the session is not authenticated with Kerberos');
  },
  catalog: {},
};
