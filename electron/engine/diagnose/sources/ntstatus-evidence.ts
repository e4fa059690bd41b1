// An NTSTATUS, e.g. "klist failed with 0xc000018b/-1073741429".
import type { EvidenceSource } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { readKlistStatus } from '../status-reading';

export interface NtstatusEvidence {
  kind: 'ntstatus';
  hex: string;
  target?: string;
  userRealm?: string;
}

export const ntstatusEvidence: EvidenceSource<NtstatusEvidence> = {
  kind: 'ntstatus',
  describe: (e) => `NTSTATUS ${sanitizeEvidenceText(e.hex)}${e.target ? ` for ${sanitizeEvidenceText(e.target)}` : ''}`,
  read(e) {
    return readKlistStatus(this.describe(e), e);
  },
  catalog: {},
};
