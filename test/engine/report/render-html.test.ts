import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckReport } from '../../../electron/contract/report';
import { renderHtml } from '../../../electron/engine/report/render-html';
import { failingReport, passingReport } from './sample-report';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '</style><script src="https://evil.example/x.js"></script>',
  '<a href="javascript:alert(4)">click</a>',
  '<link rel="stylesheet" href="https://evil.example/a.css">',
  '&lt;already&gt; &amp;',
  '<!-- comment --><iframe src="https://evil.example">',
];

function hostileReport(): CheckReport {
  const r = failingReport();
  const h = HOSTILE.join(' ');
  return {
    ...r,
    target: { ...r.target, server: `${r.target.server}${HOSTILE[0]}`, spn: h, database: h },
    diagnosis: r.diagnosis && {
      ...r.diagnosis,
      title: h,
      cause: `${h} \`${HOSTILE[1]}\``,
      fixUser: h,
      fixHelpdesk: `\`${HOSTILE[3]}\` ${h}`,
      evidence: HOSTILE,
    },
    steps: r.steps.map((s) => ({ ...s, title: `${s.title}${HOSTILE[2]}`, detail: h })),
    tickets: r.tickets.map((t) => ({ ...t, client: h, flags: [HOSTILE[4] ?? ''], kdcCalled: HOSTILE[5] })),
    chain: r.chain && {
      ...r.chain,
      userRealm: h,
      hops: r.chain.hops.map((x) => ({ ...x, server: h, note: h })),
      findings: [{ code: h, severity: 'warn', message: h }],
    },
    tls: {
      protocol: h,
      subject: h,
      issuer: h,
      validTo: h,
      nameMatches: false,
      trusted: false,
      trustServerCertificate: false,
    },
    redirect: { from: h, to: h },
    tool: { ...r.tool, version: h, platform: h },
    startedAt: h,
  };
}

/** Strips the text content so only markup remains: what the browser would execute or fetch. */
function tagsOf(html: string): string[] {
  return [...html.matchAll(/<[^>]*>/g)].map((m) => m[0]);
}

const KNOWN_TAGS = [
  ...['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'section', 'p', 'span', 'footer'],
  ...['h1', 'h2', 'h3', 'div', 'strong', 'code', 'pre', 'ol', 'ul', 'li'],
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td'],
];

test('the report is one self-contained file: no script, no external resource, a CSP that forbids both', () => {
  for (const r of [passingReport(), failingReport(), hostileReport()]) {
    const html = renderHtml(r);
    assert.doesNotMatch(html, /<script/i);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/,
    );
    for (const tag of tagsOf(html)) {
      assert.doesNotMatch(tag, /\s(src|href|action|srcset|on[a-z]+)\s*=/i, `no resource or handler attribute: ${tag}`);
      assert.match(tag, new RegExp(`^</?(${KNOWN_TAGS.join('|')})\\b`, 'i'), `only known tags: ${tag}`);
    }
    assert.doesNotMatch(html, /@import|url\(/i, 'no CSS fetches');
  }
});

test('hostile content is escaped everywhere', () => {
  const html = renderHtml(hostileReport());
  for (const bad of ['<img', '<svg', '<iframe', '<a href', '<link', '<!-- comment', '</style><'])
    assert.ok(!html.includes(bad), bad);
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'shown as text');
  assert.ok(html.includes('&amp;lt;already&amp;gt;'), 'entities are escaped too, not passed through');
  // Exactly one <style> element and its end tag: the hostile "</style>" did not close it early.
  assert.equal((html.match(/<style>/g) ?? []).length, 1);
  assert.equal((html.match(/<\/style>/g) ?? []).length, 1);
});

test('plain-language verdict first, then details; light and dark; printable', () => {
  const html = renderHtml(failingReport());
  const verdict = html.indexOf('class="verdict fail"');
  assert.ok(
    verdict > 0 &&
      verdict < html.indexOf('What went wrong') &&
      html.indexOf('What went wrong') < html.indexOf('<h2>Steps</h2>'),
  );
  // LOGIN_NOT_MAPPED: the headline follows the code's hop, so it does not announce a Kerberos failure.
  assert.match(html, /<h1 id="verdict">Kerberos worked, but the database refused the sign-in: /);
  assert.doesNotMatch(html, /cannot use Kerberos|does not work from this computer/);
  assert.match(html, /What you can do/);
  assert.match(html, /For the helpdesk/);
  assert.match(
    html,
    /<code>CREATE LOGIN \[user@contoso\.com\] FROM EXTERNAL PROVIDER<\/code>/,
    'commands render as code',
  );
  assert.match(html, /@media \(prefers-color-scheme:dark\)/);
  assert.match(html, /@media print/);
  const pass = renderHtml(passingReport());
  assert.match(pass, /class="verdict pass"/);
  assert.match(pass, /works\./);
  assert.match(pass, /Authentication scheme<\/th><td>KERBEROS/);
});

test('controls and bidi characters in report values are shown as markers, never written raw', () => {
  const r = failingReport();
  r.steps[0]!.detail = 'a\x1b[2J\u009b31m b\u202egnp.exe c\u2066d\u200b';
  r.diagnosis!.evidence = ['ev\u202eil\x07'];
  const html = renderHtml(r);
  assert.doesNotMatch(html, /[\x1b\x07\u009b\u202a-\u202e\u2066-\u2069\u200b]/);
  assert.match(html, /a\\u\{1b\}\[2J\\u\{9b\}31m b\\u\{202e\}gnp\.exe c\\u\{2066\}d\\u\{200b\}/);
  assert.match(html, /ev\\u\{202e\}il\\u\{7\}/);
});
