// The same diagnosis, worded for the technician who reads someone else's evidence (the Helpdesk view and
// `kerbprobe analyze`): the catalogue's titles speak to the user at the keyboard ("Your Kerberos ticket has
// expired"); here the subject is the user's device and session, in the past tense where the evidence is a
// capture. Causes and fixes stay the catalogue's (both fixes are shown, labelled for who does them).
import { CATALOG, type CatalogEntry } from './catalog';
import type { Diagnosis } from '../../contract/report';

/** The diagnosis with the technician's title (the catalogue's `helpdeskTitle`; codes a newer report may carry keep their title). */
export function forHelpdesk(d: Diagnosis): Diagnosis {
  const title = (CATALOG as Partial<Record<string, CatalogEntry>>)[d.code]?.helpdeskTitle;
  return title ? { ...d, title } : d;
}
