// Opens a saved report (`kerbprobe analyze`, the app's "open report"). The file is untrusted: it is
// size-bounded, parsed, recognised as ours, then validated field by field. Its diagnosis texts are not
// believed: the title, cause and both fixes are KerbProbe's catalogue entry for the report's code, whatever
// the file says (a forged report cannot put its own advice in KerbProbe's voice); its evidence stays
// evidence. Whether its parts agree is report-consistency.ts's question.
import { CheckReportSchema, REPORT_SCHEMA_VERSION, type CheckReport } from '../../contract/report';
import { KerbProbeError } from '../errors';
import { catalogEntry } from '../diagnose/catalog';

/** Far above any real report (a few KB); stops a huge file before JSON.parse. */
export const MAX_REPORT_CHARS = 5_000_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readReport(text: string): CheckReport {
  if (text.length > MAX_REPORT_CHARS)
    throw new KerbProbeError(
      'REPORT_INVALID',
      `the file is too large to be a KerbProbe report (${text.length} characters)`,
    );
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw new KerbProbeError(
      'REPORT_NOT_OURS',
      `the file is not a KerbProbe JSON report (not JSON: ${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (!isObject(doc) || !isObject(doc.tool) || doc.tool.name !== 'kerbprobe' || !('schemaVersion' in doc)) {
    throw new KerbProbeError(
      'REPORT_NOT_OURS',
      'the file is JSON but not a KerbProbe report (no tool.name "kerbprobe" and schemaVersion)',
    );
  }
  if (doc.schemaVersion !== REPORT_SCHEMA_VERSION) {
    const version =
      typeof doc.schemaVersion === 'number'
        ? String(doc.schemaVersion)
        : JSON.stringify(doc.schemaVersion).slice(0, 20);
    throw new KerbProbeError(
      'REPORT_INVALID',
      `the report uses schema version ${version}; this KerbProbe reads version ${REPORT_SCHEMA_VERSION}`,
    );
  }
  const parsed = CheckReportSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new KerbProbeError('REPORT_INVALID', `the report is damaged: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return withCatalogueTexts(parsed.data);
}

/** The report with its diagnosis's texts replaced by the catalogue's for its code. */
export function withCatalogueTexts(r: CheckReport): CheckReport {
  if (!r.diagnosis) return r;
  const { title, cause, fixUser, fixHelpdesk } = catalogEntry(r.diagnosis.code);
  return { ...r, diagnosis: { ...r.diagnosis, title, cause, fixUser, fixHelpdesk } };
}
