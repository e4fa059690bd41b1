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

export function renderMarkdown(input: CheckReport): string {
  const r = validReport(input);
  const out: string[] = [];
  const mark = r.verdict === 'pass' ? 'PASS' : 'FAIL';
  out.push(`## KerbProbe: ${mark} — ${mdText(`${r.target.server}:${r.target.port}`)}`, '');
  out.push(`**${mdText(verdictHeadline(r))}** ${mdText(verdictExplanation(r))}`, '');

  if (r.diagnosis) {
    const d = r.diagnosis;
    out.push(`### Diagnosis: ${mdText(d.title)} (${mdCode(d.code)})`, '');
    out.push(`**What happened:** ${mdRich(d.cause)}`, '');
    out.push(`**What the user can do:** ${mdRich(d.fixUser)}`, '');
    out.push(`**What the helpdesk should do:** ${mdRich(d.fixHelpdesk)}`, '');
    if (d.evidence.length) out.push('**Evidence:**', '', ...fenced(d.evidence), '');
  }

  if (r.chain) {
    out.push('### Ticket chain', '');
    const realms = `${r.chain.userRealm ?? 'unknown'} → ${r.chain.targetRealm ?? 'unknown'}`;
    const spn = r.chain.targetSpn ? `; SPN ${mdCode(r.chain.targetSpn)}` : '';
    out.push(`${mdText(FLOW_LABEL[r.chain.flow])}; realms ${mdText(realms)}${spn}`, '');
    r.chain.hops.forEach((h, i) => out.push(`${i + 1}\\. ${mdText(hopLine(h))}`));
    if (r.chain.hops.length === 0) out.push('No tickets on the path.');
    for (const f of r.chain.findings)
      out.push(`- ${f.severity === 'error' ? '**error**' : f.severity}: ${mdText(f.message)} (${mdCode(f.code)})`);
    out.push('');
  }

  out.push('### Steps', '', row(['Step', 'Result', 'Time', 'Detail']), row(['---', '---', '---:', '---']));
  for (const s of r.steps)
    out.push(row([mdText(s.title), STEP_STATUS_LABEL[s.status], formatMs(s.ms), mdText(s.detail)]));
  out.push('');

  out.push('### SQL proof', '');
  if (r.sql) {
    out.push(row(['Field', 'Value']), row(['---', '---']));
    const fields: [string, string | undefined][] = [
      ['Authentication scheme', r.sql.authScheme],
      ['Login', r.sql.login],
      ['Server', r.sql.server],
      ['Encryption', r.sql.encrypt],
      ['Transport', r.sql.netTransport],
      ['TDS version', r.sql.tdsVersion],
      ['Mutual authentication', r.sql.mutualAuth ? 'verified' : 'not verified'],
      ['Version', r.sql.version],
    ];
    for (const [k, v] of fields) if (v !== undefined && v !== '') out.push(row([k, mdText(v)]));
  } else {
    out.push('No SQL session was established.');
  }
  out.push('');
  if (r.tls) {
    out.push(
      `TLS: ${mdText(
        [
          r.tls.protocol ?? 'unknown protocol',
          `subject ${r.tls.subject ?? '?'}`,
          `issuer ${r.tls.issuer ?? '?'}`,
          `valid to ${r.tls.validTo ?? '?'}`,
          `name ${r.tls.nameMatches === null ? 'not checked' : r.tls.nameMatches ? 'matches' : 'does not match'}`,
          r.tls.trustServerCertificate
            ? 'certificate NOT validated (trust server certificate)'
            : `trusted ${r.tls.trusted === null ? 'not checked' : r.tls.trusted ? 'yes' : 'no'}`,
        ].join(', '),
      )}`,
      '',
    );
  }
  if (r.redirect) out.push(`Redirect: ${mdText(`${r.redirect.from} → ${r.redirect.to}`)}`, '');

  const redacted = r.redacted ? ', names redacted' : '';
  const run = `KerbProbe ${r.tool.version} on ${r.tool.platform}, ${formatTime(r.startedAt)}`;
  out.push(`_${mdText(`${run}, total ${formatMs(r.totalMs)}${redacted}`)}_`, '');
  return out.join('\n');
}
