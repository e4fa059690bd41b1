// Markdown that pastes into a helpdesk ticket: verdict, diagnosis with both fixes, the chain as a short
// list, the steps table, the SQL proof. Every value from the report is escaped: ticket systems render
// Markdown and often inline HTML, and a report can be hostile; controls and bidi characters are shown as
// markers (displayText), never obeyed.
import type { CheckReport } from '../../contract/report';
import { displayText } from '../../contract/display-text';
import { validReport } from './render-json';
import {
  FLOW_LABEL,
  STEP_STATUS_LABEL,
  formatMs,
  formatTime,
  hopLine,
  splitCode,
  verdictExplanation,
  verdictHeadline,
} from './summary';

/**
 * Escapes text so it renders literally: no emphasis, code, links, images, HTML or table breaks. Values are
 * always placed after other text on their line, so line-start syntax (headings, lists, quotes) cannot start.
 */
export function mdText(s: string): string {
  return displayText(s)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** A code span whose fence is longer than any backtick run inside it. */
export function mdCode(s: string): string {
  const clean = displayText(s).replace(/[\u0000-\u001f\u007f]/g, ' ');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** Catalogue text: `commands` become code spans, the rest is escaped text. */
export function mdRich(s: string): string {
  return splitCode(s)
    .map((p) => (p.code ? mdCode(p.text) : mdText(p.text)))
    .join('');
}

function fenced(lines: string[]): string[] {
  const body = lines.map((l) =>
    displayText(l)
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
      .replace(/\r?\n|\r/g, ' '),
  );
  const longest = Math.max(2, ...body.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}text`, ...body, fence];
}

const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;

function nameMatchText(nameMatches: boolean | null): string {
  if (nameMatches === null) return 'not checked';
  return nameMatches ? 'matches' : 'does not match';
}

export function renderMarkdown(input: CheckReport): string {
  const report = validReport(input);
  const out: string[] = [];
  const mark = report.verdict === 'pass' ? 'PASS' : 'FAIL';
  out.push(`## KerbProbe: ${mark} — ${mdText(`${report.target.server}:${report.target.port}`)}`, '');
  out.push(`**${mdText(verdictHeadline(report))}** ${mdText(verdictExplanation(report))}`, '');

  if (report.diagnosis) {
    const diagnosis = report.diagnosis;
    out.push(`### Diagnosis: ${mdText(diagnosis.title)} (${mdCode(diagnosis.code)})`, '');
    out.push(`**What happened:** ${mdRich(diagnosis.cause)}`, '');
    out.push(`**What the user can do:** ${mdRich(diagnosis.fixUser)}`, '');
    out.push(`**What the helpdesk should do:** ${mdRich(diagnosis.fixHelpdesk)}`, '');
    if (diagnosis.evidence.length) out.push('**Evidence:**', '', ...fenced(diagnosis.evidence), '');
  }

  if (report.chain) {
    out.push('### Ticket chain', '');
    const realms = `${report.chain.userRealm ?? 'unknown'} → ${report.chain.targetRealm ?? 'unknown'}`;
    const spn = report.chain.targetSpn ? `; SPN ${mdCode(report.chain.targetSpn)}` : '';
    out.push(`${mdText(FLOW_LABEL[report.chain.flow])}; realms ${mdText(realms)}${spn}`, '');
    report.chain.hops.forEach((h, i) => out.push(`${i + 1}\\. ${mdText(hopLine(h))}`));
    if (report.chain.hops.length === 0) out.push('No tickets on the path.');
    for (const finding of report.chain.findings)
      out.push(
        `- ${finding.severity === 'error' ? '**error**' : finding.severity}: ` +
          `${mdText(finding.message)} (${mdCode(finding.code)})`,
      );
    out.push('');
  }

  out.push('### Steps', '', row(['Step', 'Result', 'Time', 'Detail']), row(['---', '---', '---:', '---']));
  for (const step of report.steps)
    out.push(row([mdText(step.title), STEP_STATUS_LABEL[step.status], formatMs(step.ms), mdText(step.detail)]));
  out.push('');

  out.push('### SQL proof', '');
  if (report.sql) {
    out.push(row(['Field', 'Value']), row(['---', '---']));
    const fields: [string, string | undefined][] = [
      ['Authentication scheme', report.sql.authScheme],
      ['Login', report.sql.login],
      ['Server', report.sql.server],
      ['Encryption', report.sql.encrypt],
      ['Transport', report.sql.netTransport],
      ['TDS version', report.sql.tdsVersion],
      ['Mutual authentication', report.sql.mutualAuth ? 'verified' : 'not verified'],
      ['Version', report.sql.version],
    ];
    for (const [label, value] of fields) if (value !== undefined && value !== '') out.push(row([label, mdText(value)]));
  } else {
    out.push('No SQL session was established.');
  }
  out.push('');
  if (report.tls) {
    out.push(
      `TLS: ${mdText(
        [
          report.tls.protocol ?? 'unknown protocol',
          `subject ${report.tls.subject ?? '?'}`,
          `issuer ${report.tls.issuer ?? '?'}`,
          `valid to ${report.tls.validTo ?? '?'}`,
          `name ${nameMatchText(report.tls.nameMatches)}`,
          report.tls.trustServerCertificate
            ? 'certificate NOT validated (trust server certificate)'
            : `trusted ${report.tls.trusted === null ? 'not checked' : report.tls.trusted ? 'yes' : 'no'}`,
        ].join(', '),
      )}`,
      '',
    );
  }
  if (report.redirect) out.push(`Redirect: ${mdText(`${report.redirect.from} → ${report.redirect.to}`)}`, '');

  const redacted = report.redacted ? ', names redacted' : '';
  const run = `KerbProbe ${report.tool.version} on ${report.tool.platform}, ${formatTime(report.startedAt)}`;
  out.push(`_${mdText(`${run}, total ${formatMs(report.totalMs)}${redacted}`)}_`, '');
  return out.join('\n');
}
