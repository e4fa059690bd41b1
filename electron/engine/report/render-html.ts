// One self-contained HTML file: no script, no external resource (a CSP forbids both even if a bug let one
// in), printable, light and dark via prefers-color-scheme. Plain-language verdict first, details after.
// Every value from the report passes through esc(): the report can be hostile (controls and bidi characters
// become visible markers through displayText, then HTML is escaped).
import type { CheckReport, Ticket } from '../../contract/report';
import { displayText } from '../../contract/display-text';
import { validReport } from './render-json';
import {
  FLOW_LABEL,
  HOP_KIND_LABEL,
  HOP_STATUS_LABEL,
  hopIssuer,
  STEP_STATUS_LABEL,
  formatMs,
  formatTime,
  splitCode,
  verdictExplanation,
  verdictHeadline,
} from './summary';

export function esc(s: string): string {
  return displayText(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Catalogue text with `commands` rendered as <code>; every segment escaped. */
function rich(s: string): string {
  return splitCode(s)
    .map((p) => (p.code ? `<code>${esc(p.text)}</code>` : esc(p.text)))
    .join('');
}

// One rule per line, so each fits the line-length limit; the browser reads the newlines as whitespace.
const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#5c5c5c;--line:#d6d6d6;--card:#f6f6f6;
--ok:#0e7a0d;--okbg:#e7f4e4;--bad:#b3261e;--badbg:#fbe9e7;--warn:#8a5a00;--code:#eef0f2}
@media (prefers-color-scheme:dark){:root{--bg:#1e1e1e;--fg:#ececec;--muted:#b0b0b0;--line:#444;--card:#2a2a2a;
--ok:#7bd17a;--okbg:#1f3320;--bad:#ff9c94;--badbg:#3d1f1d;--warn:#f0c060;--code:#333}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 "Segoe UI",system-ui,-apple-system,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.5rem;margin:.2rem 0 .6rem}
h2{font-size:1.15rem;margin:1.8rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.verdict{border-radius:8px;padding:1rem 1.2rem;border:2px solid}
.verdict.pass{background:var(--okbg);border-color:var(--ok)}
.verdict.fail{background:var(--badbg);border-color:var(--bad)}
.badge{display:inline-block;font-weight:700;letter-spacing:.04em;padding:.05rem .5rem;border-radius:4px;color:var(--bg)}
.pass .badge{background:var(--ok)}.fail .badge{background:var(--bad)}
.fixes{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem}
.card h3{margin:0 0 .4rem;font-size:1rem}
code,pre{font-family:Consolas,"Cascadia Mono",ui-monospace,monospace;font-size:.9em;background:var(--code);
border-radius:4px}
code{padding:0 .25rem;overflow-wrap:anywhere}
pre{padding:.6rem .8rem;white-space:pre-wrap;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line);
overflow-wrap:anywhere}
th{font-weight:600}td.num{text-align:right;white-space:nowrap}
.st-pass{color:var(--ok)}.st-fail{color:var(--bad);font-weight:700}.st-warn{color:var(--warn)}
.st-skip{color:var(--muted)}
ol.chain{padding-left:1.4rem}ol.chain li{margin:.3rem 0}
.muted{color:var(--muted)}footer{margin-top:2rem;font-size:.85rem;color:var(--muted)}
@media print{:root{--bg:#fff;--fg:#000;--card:#fff;--code:#f2f2f2}main{max-width:none;padding:0}
.card,.verdict{break-inside:avoid}h2{break-after:avoid}}
`;

const CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

/** A table's header row, one column per label. */
function headerRow(labels: readonly string[]): string {
  return `<thead><tr>${labels.map((label) => `<th scope="col">${label}</th>`).join('')}</tr></thead>`;
}

/** A two-column table body: a label per row and its value. */
function labelledRows(rows: readonly (readonly [string, string])[]): string[] {
  return rows.map(([label, value]) => `<tr><th scope="row">${esc(label)}</th><td>${esc(value)}</td></tr>`);
}

function ticketRow(ticket: Ticket): string {
  const cells = [
    `${ticket.server} @ ${ticket.serverRealm}`,
    ticket.client + (ticket.clientRealm ? ` @ ${ticket.clientRealm}` : ''),
    ticket.end ?? '—',
    ticket.ticketEnctype ?? '—',
    ticket.flags.join(' '),
    ticket.kdcCalled ?? '—',
  ];
  return `<tr>${cells.map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`;
}

function documentHead(report: CheckReport): string[] {
  const title = `KerbProbe report: ${report.target.server}:${report.target.port}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
  ];
}

function verdictSection(report: CheckReport): string[] {
  return [
    `<section class="verdict ${report.verdict}" aria-labelledby="verdict">`,
    `<p><span class="badge">${report.verdict === 'pass' ? 'PASS' : 'FAIL'}</span></p>`,
    `<h1 id="verdict">${esc(verdictHeadline(report))}</h1>`,
    `<p>${esc(verdictExplanation(report))}</p>`,
    '</section>',
  ];
}

function diagnosisSection(diagnosis: NonNullable<CheckReport['diagnosis']>): string[] {
  const code = `<span class="muted">(code <code>${esc(diagnosis.code)}</code>)</span>`;
  const html = [
    '<h2>What went wrong</h2>',
    `<p><strong>${esc(diagnosis.title)}</strong> ${code}</p>`,
    `<p>${rich(diagnosis.cause)}</p>`,
    '<div class="fixes">',
    `<section class="card"><h3>What you can do</h3><p>${rich(diagnosis.fixUser)}</p></section>`,
    `<section class="card"><h3>For the helpdesk</h3><p>${rich(diagnosis.fixHelpdesk)}</p></section>`,
    '</div>',
  ];
  if (diagnosis.evidence.length) html.push('<h3>Evidence</h3>', `<pre>${diagnosis.evidence.map(esc).join('\n')}</pre>`);
  return html;
}

type Chain = NonNullable<CheckReport['chain']>;

function hopItem(hop: Chain['hops'][number]): string {
  const statusClass = hop.status === 'ok' ? 'st-pass' : hop.status === 'expiring' ? 'st-warn' : 'st-fail';
  const calledAt = hop.kdcCalled ? ` (from ${esc(hop.kdcCalled)})` : '';
  const note = hop.note ? ` <span class="muted">${esc(hop.note)}</span>` : '';
  const ticket = `<code>${esc(`${hop.server} @ ${hop.serverRealm}`)}</code>`;
  const status = `<span class="${statusClass}">${esc(HOP_STATUS_LABEL[hop.status])}</span>`;
  return (
    `<li><strong>${esc(HOP_KIND_LABEL[hop.kind])}</strong>: ${ticket}, ` +
    `${esc(hopIssuer(hop))}${calledAt} — ${status}${note}</li>`
  );
}

function findingItem(finding: Chain['findings'][number]): string {
  const statusClass = finding.severity === 'error' ? 'fail' : finding.severity === 'warn' ? 'warn' : 'skip';
  const code = `<span class="muted">(<code>${esc(finding.code)}</code>)</span>`;
  return `<li class="st-${statusClass}">${esc(finding.message)} ${code}</li>`;
}

function chainSection(chain: Chain): string[] {
  const service = chain.targetSpn ? `; service name <code>${esc(chain.targetSpn)}</code>` : '';
  const html = [
    '<h2>Ticket chain</h2>',
    `<p>${esc(FLOW_LABEL[chain.flow])}. Your realm: <strong>${esc(chain.userRealm ?? 'unknown')}</strong>; ` +
      `the database's realm: <strong>${esc(chain.targetRealm ?? 'unknown')}</strong>${service}.</p>`,
  ];
  if (chain.hops.length) html.push('<ol class="chain">', ...chain.hops.map(hopItem), '</ol>');
  else html.push('<p>No tickets on the path.</p>');
  if (chain.findings.length) html.push('<ul>', ...chain.findings.map(findingItem), '</ul>');
  return html;
}

function stepsTable(report: CheckReport): string[] {
  return [
    '<h2>Steps</h2>',
    '<table>',
    headerRow(['Step', 'Result', 'Time', 'Detail']),
    '<tbody>',
    ...report.steps.map(
      (step) =>
        `<tr><td>${esc(step.title)}</td><td class="st-${step.status}">${STEP_STATUS_LABEL[step.status]}</td>` +
        `<td class="num">${esc(formatMs(step.ms))}</td><td>${esc(step.detail)}</td></tr>`,
    ),
    '</tbody>',
    '</table>',
  ];
}

function sqlTable(sql: NonNullable<CheckReport['sql']>): string[] {
  const rows: [string, string | undefined][] = [
    ['Authentication scheme', sql.authScheme],
    ['Signed in as', sql.login],
    ['Server', sql.server],
    ['Encryption', sql.encrypt],
    ['Transport', sql.netTransport],
    ['TDS version', sql.tdsVersion],
    ['Server proved its identity (mutual authentication)', sql.mutualAuth ? 'yes' : 'no'],
    ['Version', sql.version],
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '');
  return ['<table><tbody>', ...labelledRows(shown), '</tbody></table>'];
}

function trustedText(tls: NonNullable<CheckReport['tls']>): string {
  if (tls.trustServerCertificate) return 'not validated: "trust server certificate" was set';
  if (tls.trusted === null) return 'not checked';
  return tls.trusted ? 'yes' : 'no';
}

function tlsTable(tls: NonNullable<CheckReport['tls']>): string[] {
  const rows = [
    ['Protocol', tls.protocol ?? 'unknown'],
    ['Certificate subject', tls.subject ?? 'unknown'],
    ['Issued by', tls.issuer ?? 'unknown'],
    ['Valid until', tls.validTo ?? 'unknown'],
    ['Name matches', tls.nameMatches === null ? 'not checked' : tls.nameMatches ? 'yes' : 'no'],
    ['Trusted', trustedText(tls)],
  ] as const;
  return ['<h3>Encryption (TLS)</h3>', '<table><tbody>', ...labelledRows(rows), '</tbody></table>'];
}

function proofSection(report: CheckReport): string[] {
  const html = ['<h2>Proof from the database</h2>'];
  html.push(...(report.sql ? sqlTable(report.sql) : ['<p>No database session was established.</p>']));
  if (report.tls) html.push(...tlsTable(report.tls));
  if (report.redirect) {
    const { from, to } = report.redirect;
    html.push(
      `<p>The gateway redirected the connection from <code>${esc(from)}</code> to <code>${esc(to)}</code>.</p>`,
    );
  }
  return html;
}

function ticketsTable(tickets: readonly Ticket[]): string[] {
  if (!tickets.length) return [];
  return [
    '<h2>Kerberos tickets</h2>',
    '<table>',
    headerRow(['Service', 'Client', 'Ends', 'Encryption', 'Flags', 'KDC called']),
    '<tbody>',
    ...tickets.map(ticketRow),
    '</tbody>',
    '</table>',
  ];
}

function footer(report: CheckReport): string[] {
  const target = report.target;
  const via = target.address ? ` via ${esc(target.address)}` : '';
  const database = target.database ? `, database ${esc(target.database)}` : '';
  const { tool } = report;
  const redacted = report.redacted ? ' Names in this report were replaced by placeholders.' : '';
  return [
    '<footer>',
    `<p>Target ${esc(`${target.server}:${target.port}`)}${via}${database}, encryption ${esc(target.encrypt)}, ` +
      `SPN <code>${esc(target.spn)}</code>.</p>`,
    `<p>KerbProbe ${esc(tool.version)} on ${esc(tool.platform)} (Node ${esc(tool.node)}), ` +
      `started ${esc(formatTime(report.startedAt))}, total ${esc(formatMs(report.totalMs))}. ` +
      `Report schema ${report.schemaVersion}.${redacted}</p>`,
    '</footer>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ];
}

export function renderHtml(input: CheckReport): string {
  const report = validReport(input);
  return [
    ...documentHead(report),
    ...verdictSection(report),
    ...(report.diagnosis ? diagnosisSection(report.diagnosis) : []),
    ...(report.chain ? chainSection(report.chain) : []),
    ...stepsTable(report),
    ...proofSection(report),
    ...ticketsTable(report.tickets),
    ...footer(report),
  ].join('\n');
}
