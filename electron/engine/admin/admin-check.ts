// The one shape every admin check ends in (contract/admin.ts's AdminCheck), and the ways a read can end: the
// answer, the account not allowed to read it (the permission and role it lacks, from least-privilege.ts), or a
// failure to get an answer at all (said as a warning, never as a finding about the instance).
import { ADMIN_CHECK_TITLES, type AdminCheck, type AdminCheckId, type AdminFact } from '../../contract/admin';
import { sanitizeEvidenceText } from '../diagnose/evidence-text';
import type { AzureErrorAnswer } from './azure-http';
import { LEAST_PRIVILEGE } from './least-privilege';

export function adminCheck(
  id: AdminCheckId,
  status: AdminCheck['status'],
  evidence: readonly string[],
  facts: readonly AdminFact[],
  source: string,
): AdminCheck {
  return {
    id,
    title: ADMIN_CHECK_TITLES[id],
    status,
    evidence: evidence.map((line) => sanitizeEvidenceText(line)),
    missing: null,
    facts: [...facts],
    source,
  };
}

/** How the service said no, as one short phrase: `403 Authorization_RequestDenied: Insufficient privileges…`. */
export function saidBy(error: AzureErrorAnswer): string {
  return `${error.status}${error.code ? ` ${error.code}` : ''}${error.message ? `: ${error.message}` : ''}`;
}

/** 401 and 403 are the account's rights; anything else is no answer. */
export const isForbidden = (error: AzureErrorAnswer): boolean => error.status === 401 || error.status === 403;

/** The check the account may not read: what it lacks, as evidence diagnose/ reads (ADMIN_READ_FORBIDDEN). */
export function unreadable(id: AdminCheckId, error: AzureErrorAnswer, source: string): AdminCheck {
  const need = LEAST_PRIVILEGE[id];
  const said = sanitizeEvidenceText(saidBy(error));
  return {
    ...adminCheck(
      id,
      'unreadable',
      [`could not read: missing permission ${need.permission} / role ${need.role} (the service said ${said})`],
      [{ kind: 'admin-unreadable', check: id, status: error.status, said, ...need }],
      source,
    ),
    missing: { said, ...need },
  };
}

/** No answer (an error status other than 401/403, the network, an answer not in the documented shape). */
export function noAnswer(id: AdminCheckId, why: string, source: string): AdminCheck {
  return adminCheck(id, 'warn', [`no answer: ${why} — nothing is concluded from this check`], [], source);
}

/** A check an earlier answer made impossible. */
export function skipped(id: AdminCheckId, why: string, source: string): AdminCheck {
  return adminCheck(id, 'skipped', [why], [], source);
}
