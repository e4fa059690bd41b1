// The plain-language sentences every report starts with, shared by the Markdown and HTML renderers so
// both say the same thing to someone who has never seen a Kerberos ticket.
import type { CheckReport, Hop, Step } from '../../contract/report';
import { DIAGNOSIS_HOP, VERDICT_TITLE } from '../../contract/codes';

/** A failure's headline follows the hop of its code (contract/codes), the same words as the app's banner. */
export function verdictHeadline(r: CheckReport): string {
  const where = `${r.target.server}:${r.target.port}`;
  if (r.verdict === 'pass') return `Windows Authentication (Kerberos) to ${where} works.`;
  return `${VERDICT_TITLE[r.diagnosis ? DIAGNOSIS_HOP[r.diagnosis.code] : 'unknown']}: ${where}.`;
}

export function verdictExplanation(r: CheckReport): string {
  if (r.verdict === 'pass') {
    const who = r.sql?.login ? ` as ${r.sql.login}` : '';
    const scheme = r.sql?.authScheme
      ? ` The server confirmed the session is authenticated with ${r.sql.authScheme}.`
      : '';
    return (
      `KerbProbe signed in to the database${who} with a Kerberos ticket, ` +
      `the way SQL tools on this computer would.${scheme}`
    );
  }
  const failed = r.steps.find((s) => s.status === 'fail');
  const step = failed ? ` The first step that failed: ${failed.title}.` : '';
  return r.diagnosis ? `${r.diagnosis.title}.${step}` : `The check failed.${step}`;
}

export const STEP_STATUS_LABEL: Record<Step['status'], string> = {
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Warning',
  skip: 'Skipped',
};

export const HOP_KIND_LABEL: Record<Hop['kind'], string> = {
  tgt: 'Sign-in ticket (TGT)',
  referral: 'Referral to the next realm',
  service: 'Ticket for the database',
};

export const HOP_STATUS_LABEL: Record<Hop['status'], string> = {
  ok: 'valid',
  expiring: 'expiring soon',
  expired: 'expired',
  missing: 'missing',
};

export { FLOW_LABEL } from '../../contract/chain-flow';

export { formatMs, formatTime } from '../../contract/format';

/** Who issued a hop's ticket — or, for a ticket that is missing, whose KDC would issue it: nobody issued it. */
export function hopIssuer(h: Hop): string {
  return `${h.status === 'missing' ? 'would be issued by' : 'issued by'} ${h.issuingRealm}`;
}

export function hopLine(h: Hop): string {
  const via = h.kdcCalled ? `, from ${h.kdcCalled}` : '';
  const note = h.note ? ` — ${h.note}` : '';
  const where = `${h.server} @ ${h.serverRealm} (${hopIssuer(h)}${via})`;
  return `${HOP_KIND_LABEL[h.kind]}: ${where}: ${HOP_STATUS_LABEL[h.status]}${note}`;
}

export { splitCode } from '../../contract/code-spans';
