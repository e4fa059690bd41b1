// What every diagnosis code means, in words for someone who has never seen a Kerberos ticket, with one fix
// the user can do and one the helpdesk can do: each entry lives with the evidence source that concludes its
// code (sources/), and this is the catalogue gathered from them. The helpdesk's wording of a diagnosis (the
// Helpdesk view and `kerbprobe analyze`) is the same entry's `helpdeskTitle`.
import { DIAGNOSIS_CODES, type DiagnosisCode } from '../../contract/codes';
import type { Diagnosis } from '../../contract/report';
import type { CatalogEntry } from './evidence-source';
import { CATALOG_BY_SOURCE } from './registry';

export type { CatalogEntry } from './evidence-source';

export const CATALOG = Object.assign({}, ...CATALOG_BY_SOURCE.values()) as Readonly<
  Record<DiagnosisCode, CatalogEntry>
>;

export function catalogEntry(code: DiagnosisCode): CatalogEntry {
  return CATALOG[code];
}

/** Codes in the contract that lack catalogue text (empty in a correct build; the tests assert it). */
export function uncataloguedCodes(): DiagnosisCode[] {
  return DIAGNOSIS_CODES.filter((code) => {
    const e = (CATALOG as Partial<Record<DiagnosisCode, CatalogEntry>>)[code];
    return !e || !e.title || !e.helpdeskTitle || !e.cause || !e.fixUser || !e.fixHelpdesk;
  });
}

/**
 * The diagnosis worded for the technician who reads someone else's evidence: the catalogue's titles speak to
 * the user at the keyboard ("Your Kerberos ticket has expired"); the helpdesk title's subject is the user's
 * device and session, in the past tense where the evidence is a capture. Causes and fixes stay the
 * catalogue's. Codes a newer report may carry keep their title.
 */
export function forHelpdesk(d: Diagnosis): Diagnosis {
  const title = (CATALOG as Partial<Record<string, CatalogEntry>>)[d.code]?.helpdeskTitle;
  return title ? { ...d, title } : d;
}
