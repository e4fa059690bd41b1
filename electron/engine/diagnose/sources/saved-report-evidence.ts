// A saved KerbProbe report that failed or contradicts itself without a diagnosis of its own: its verdict is
// not believed, and nothing in it names a cause. A failure nobody can name is UNKNOWN, with what the report
// says as the evidence (a report that carries a diagnosis brings that code instead, as engine-error evidence).
import type { EvidenceSource } from '../evidence-source';
import { failure } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';

export interface SavedReportEvidence {
  kind: 'saved-report';
  /** The report's name as the reader gave it. */
  name: string;
  /** What is wrong with it: its failed verdict, or each way it contradicts itself. */
  problems: string[];
}

export const savedReportEvidence: EvidenceSource<SavedReportEvidence> = {
  kind: 'saved-report',
  describe: (e) => `saved report ${sanitizeEvidenceText(e.name)}: ${sanitizeEvidenceText(e.problems.join('; '))}`,
  read(e) {
    return failure(this.describe(e), 'UNKNOWN', 'the report names no cause');
  },
  catalog: {},
};
