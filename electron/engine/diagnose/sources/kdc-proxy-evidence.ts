// An HTTPS KDC proxy (MS-KKDCP) that answered but not with a Kerberos message.
import type { EvidenceSource } from '../evidence-source';
import { failure } from '../evidence-source';
import { quote } from '../evidence-text';

export interface KdcProxyEvidence {
  kind: 'kdc-proxy';
  detail: string;
  httpStatus?: number;
}

export const kdcProxyEvidence: EvidenceSource<KdcProxyEvidence> = {
  kind: 'kdc-proxy',
  describe: (e) => `KDC proxy${e.httpStatus ? ` HTTP ${e.httpStatus}` : ''}: ${quote(e.detail)}`,
  read(e) {
    return failure(this.describe(e), 'CLOUD_KDC_UNREACHABLE', 'the KDC proxy did not answer with a Kerberos message');
  },
  catalog: {},
};
