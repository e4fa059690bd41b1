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

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#5c5c5c;--line:#d6d6d6;--card:#f6f6f6;--ok:#0e7a0d;--okbg:#e7f4e4;--bad:#b3261e;--badbg:#fbe9e7;--warn:#8a5a00;--code:#eef0f2}
@media (prefers-color-scheme:dark){:root{--bg:#1e1e1e;--fg:#ececec;--muted:#b0b0b0;--line:#444;--card:#2a2a2a;--ok:#7bd17a;--okbg:#1f3320;--bad:#ff9c94;--badbg:#3d1f1d;--warn:#f0c060;--code:#333}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 "Segoe UI",system-ui,-apple-system,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.5rem;margin:.2rem 0 .6rem}h2{font-size:1.15rem;margin:1.8rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.verdict{border-radius:8px;padding:1rem 1.2rem;border:2px solid}
.verdict.pass{background:var(--okbg);border-color:var(--ok)}.verdict.fail{background:var(--badbg);border-color:var(--bad)}
.badge{display:inline-block;font-weight:700;letter-spacing:.04em;padding:.05rem .5rem;border-radius:4px;color:var(--bg)}
.pass .badge{background:var(--ok)}.fail .badge{background:var(--bad)}
.fixes{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem}
.card h3{margin:0 0 .4rem;font-size:1rem}
code,pre{font-family:Consolas,"Cascadia Mono",ui-monospace,monospace;font-size:.9em;background:var(--code);border-radius:4px}
code{padding:0 .25rem;overflow-wrap:anywhere}
pre{padding:.6rem .8rem;white-space:pre-wrap;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
th{font-weight:600}td.num{text-align:right;white-space:nowrap}
.st-pass{color:var(--ok)}.st-fail{color:var(--bad);font-weight:700}.st-warn{color:var(--warn)}.st-skip{color:var(--muted)}
ol.chain{padding-left:1.4rem}ol.chain li{margin:.3rem 0}
.muted{color:var(--muted)}footer{margin-top:2rem;font-size:.85rem;color:var(--muted)}
@media print{:root{--bg:#fff;--fg:#000;--card:#fff;--code:#f2f2f2}main{max-width:none;padding:0}.card,.verdict{break-inside:avoid}h2{break-after:avoid}}
`;

function ticketRow(t: Ticket): string {
  const cells = [
    `${t.server} @ ${t.serverRealm}`,
    t.client + (t.clientRealm ? ` @ ${t.clientRealm}` : ''),
    t.end ?? '—',
    t.ticketEnctype ?? '—',
    t.flags.join(' '),
    t.kdcCalled ?? '—',
  ];
  return `<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
}

export function renderHtml(input: CheckReport): string {
  const r = validReport(input);
  const h: string[] = [];
  const title = `KerbProbe report: ${r.target.server}:${r.target.port}`;
  h.push(
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
  );

  h.push(
    `<section class="verdict ${r.verdict}" aria-labelledby="verdict">`,
    `<p><span class="badge">${r.verdict === 'pass' ? 'PASS' : 'FAIL'}</span></p>`,
    `<h1 id="verdict">${esc(verdictHeadline(r))}</h1>`,
    `<p>${esc(verdictExplanation(r))}</p>`,
    '</section>',
  );

  if (r.diagnosis) {
    const d = r.diagnosis;
    h.push(
      '<h2>What went wrong</h2>',
      `<p><strong>${esc(d.title)}</strong> <span class="muted">(code <code>${esc(d.code)}</code>)</span></p>`,
      `<p>${rich(d.cause)}</p>`,
      '<div class="fixes">',
      `<section class="card"><h3>What you can do</h3><p>${rich(d.fixUser)}</p></section>`,
      `<section class="card"><h3>For the helpdesk</h3><p>${rich(d.fixHelpdesk)}</p></section>`,
      '</div>',
    );
    if (d.evidence.length) h.push('<h3>Evidence</h3>', `<pre>${d.evidence.map(esc).join('\n')}</pre>`);
  }

  if (r.chain) {
    const c = r.chain;
    h.push(
      '<h2>Ticket chain</h2>',
      `<p>${esc(FLOW_LABEL[c.flow])}. Your realm: <strong>${esc(c.userRealm ?? 'unknown')}</strong>; the database's realm: <strong>${esc(c.targetRealm ?? 'unknown')}</strong>${c.targetSpn ? `; service name <code>${esc(c.targetSpn)}</code>` : ''}.</p>`,
    );
    if (c.hops.length) {
      h.push('<ol class="chain">');
      for (const hop of c.hops) {
        h.push(
          `<li><strong>${esc(HOP_KIND_LABEL[hop.kind])}</strong>: <code>${esc(`${hop.server} @ ${hop.serverRealm}`)}</code>, ${esc(hopIssuer(hop))}${hop.kdcCalled ? ` (from ${esc(hop.kdcCalled)})` : ''} — <span class="${hop.status === 'ok' ? 'st-pass' : hop.status === 'expiring' ? 'st-warn' : 'st-fail'}">${esc(HOP_STATUS_LABEL[hop.status])}</span>${hop.note ? ` <span class="muted">${esc(hop.note)}</span>` : ''}</li>`,
        );
      }
      h.push('</ol>');
    } else {
      h.push('<p>No tickets on the path.</p>');
    }
    if (c.findings.length) {
      h.push('<ul>');
      for (const f of c.findings)
        h.push(
          `<li class="st-${f.severity === 'error' ? 'fail' : f.severity === 'warn' ? 'warn' : 'skip'}">${esc(f.message)} <span class="muted">(<code>${esc(f.code)}</code>)</span></li>`,
        );
      h.push('</ul>');
    }
  }

  h.push(
    '<h2>Steps</h2>',
    '<table>',
    '<thead><tr><th scope="col">Step</th><th scope="col">Result</th><th scope="col">Time</th><th scope="col">Detail</th></tr></thead>',
    '<tbody>',
  );
  for (const s of r.steps) {
    h.push(
      `<tr><td>${esc(s.title)}</td><td class="st-${s.status}">${STEP_STATUS_LABEL[s.status]}</td><td class="num">${esc(formatMs(s.ms))}</td><td>${esc(s.detail)}</td></tr>`,
    );
  }
  h.push('</tbody>', '</table>');

  h.push('<h2>Proof from the database</h2>');
  if (r.sql) {
    const rows: [string, string | undefined][] = [
      ['Authentication scheme', r.sql.authScheme],
      ['Signed in as', r.sql.login],
      ['Server', r.sql.server],
      ['Encryption', r.sql.encrypt],
      ['Transport', r.sql.netTransport],
      ['TDS version', r.sql.tdsVersion],
      ['Server proved its identity (mutual authentication)', r.sql.mutualAuth ? 'yes' : 'no'],
      ['Version', r.sql.version],
    ];
    h.push(
      '<table><tbody>',
      ...rows
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v ?? '')}</td></tr>`),
      '</tbody></table>',
    );
  } else {
    h.push('<p>No database session was established.</p>');
  }
  if (r.tls) {
    const t = r.tls;
    h.push(
      '<h3>Encryption (TLS)</h3>',
      '<table><tbody>',
      ...(
        [
          ['Protocol', t.protocol ?? 'unknown'],
          ['Certificate subject', t.subject ?? 'unknown'],
          ['Issued by', t.issuer ?? 'unknown'],
          ['Valid until', t.validTo ?? 'unknown'],
          ['Name matches', t.nameMatches === null ? 'not checked' : t.nameMatches ? 'yes' : 'no'],
          [
            'Trusted',
            t.trustServerCertificate
              ? 'not validated: "trust server certificate" was set'
              : t.trusted === null
                ? 'not checked'
                : t.trusted
                  ? 'yes'
                  : 'no',
          ],
        ] as const
      ).map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`),
      '</tbody></table>',
    );
  }
  if (r.redirect)
    h.push(
      `<p>The gateway redirected the connection from <code>${esc(r.redirect.from)}</code> to <code>${esc(r.redirect.to)}</code>.</p>`,
    );

  if (r.tickets.length) {
    h.push(
      '<h2>Kerberos tickets</h2>',
      '<table>',
      '<thead><tr><th scope="col">Service</th><th scope="col">Client</th><th scope="col">Ends</th><th scope="col">Encryption</th><th scope="col">Flags</th><th scope="col">KDC called</th></tr></thead>',
      '<tbody>',
      ...r.tickets.map(ticketRow),
      '</tbody>',
      '</table>',
    );
  }

  const tgt = r.target;
  h.push(
    '<footer>',
    `<p>Target ${esc(`${tgt.server}:${tgt.port}`)}${tgt.address ? ` via ${esc(tgt.address)}` : ''}${tgt.database ? `, database ${esc(tgt.database)}` : ''}, encryption ${esc(tgt.encrypt)}, SPN <code>${esc(tgt.spn)}</code>.</p>`,
    `<p>KerbProbe ${esc(r.tool.version)} on ${esc(r.tool.platform)} (Node ${esc(r.tool.node)}), started ${esc(formatTime(r.startedAt))}, total ${esc(formatMs(r.totalMs))}. Report schema ${r.schemaVersion}.${r.redacted ? ' Names in this report were replaced by placeholders.' : ''}</p>`,
    '</footer>',
    '</main>',
    '</body>',
    '</html>',
    '',
  );
  return h.join('\n');
}
