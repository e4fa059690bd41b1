// A typed error an engine module raised: its code is a diagnosis code when that module knew the cause.
import { isDiagnosisCode } from '../../../contract/codes';
import type { EvidenceSource } from '../evidence-source';
import { failure, unrecognised } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { fromAnyText } from '../status-reading';

export interface EngineErrorEvidence {
  kind: 'engine-error';
  code?: string;
  message: string;
  source: string;
}

export const engineErrorEvidence: EvidenceSource<EngineErrorEvidence> = {
  kind: 'engine-error',
  describe: (e) => sanitizeEvidenceText(e.message),
  read(e) {
    const line = this.describe(e);
    if (e.code && isDiagnosisCode(e.code)) return failure(line, e.code);
    return fromAnyText(line, e.message) ?? unrecognised(line);
  },
  catalog: {},
};
