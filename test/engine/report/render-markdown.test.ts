import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown, mdText, mdCode } from '../../../electron/engine/report/render-markdown';
import { failingReport, passingReport } from './sample-report';

test('a helpdesk ticket paste: verdict, diagnosis with both fixes, chain, steps table, SQL proof', () => {
  const md = renderMarkdown(failingReport());
  assert.match(md, /^## KerbProbe: FAIL — /);
  assert.match(md, /### Diagnosis: Kerberos worked, but the database has no login for you \(`LOGIN_NOT_MAPPED`\)/);
  assert.match(md, /\*\*What the user can do:\*\*/);
  assert.match(
    md,
    /\*\*What the helpdesk should do:\*\* .*`CREATE LOGIN \[user@contoso\.com\] FROM EXTERNAL PROVIDER`/,
  );
  assert.match(md, /### Ticket chain\n\nTrust-based flow/);
  assert.match(md, /1\\\. Sign-in ticket \(TGT\): krbtgt\/CONTOSO\.COM @ CONTOSO\.COM/);
  assert.match(md, /\| Step \| Result \| Time \| Detail \|/);
  assert.match(md, /\| Login \| Failed \| 62 ms \|/);
  assert.match(md, /No SQL session was established\./);
  const pass = renderMarkdown(passingReport());
  assert.match(pass, /\| Authentication scheme \| KERBEROS \|/);
  assert.match(pass, /\| Mutual authentication \| verified \|/);
});

test('hostile values cannot break the table, inject HTML, links or code fences', () => {
  const r = failingReport();
  const evil =
    'x | y\n| injected | row |\n<script>alert(1)</script> ' +
    '[click](https://evil.example) ![img](https://evil.example/i.png) **bold** ```fence';
  const md = renderMarkdown({
    ...r,
    steps: r.steps.map((s) => ({ ...s, detail: evil })),
    diagnosis: r.diagnosis && { ...r.diagnosis, evidence: [evil, '````'] },
  });
  // Inside a fenced block nothing is interpreted; everywhere else no markup may survive.
  const fence = /^(`{3,})text$/m.exec(md)?.[1] ?? '';
  const outside = md.replace(new RegExp(`^${fence}text\\n[\\s\\S]*?\\n${fence}$`, 'm'), '');
  assert.notEqual(outside, md, 'the evidence is in a fenced block');
  assert.ok(!outside.includes('<script'), 'no raw HTML');
  assert.ok(!outside.includes('[click](https'), 'no link syntax');
  assert.ok(!outside.includes('![img]('), 'no image syntax');
  assert.ok(!outside.includes('**bold**'), 'no emphasis');
  for (const line of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))) {
    const cells = line.replace(/\\\|/g, '').split('|').length - 2;
    assert.ok(cells === 4 || cells === 2, `row keeps its columns: ${line}`);
  }
  // The evidence block's fence is longer than any backtick run inside it.
  assert.ok(fence.length >= 5, `fence ${fence.length} outlasts the 4 backticks in the evidence`);
});

test('escaping helpers', () => {
  assert.equal(mdText('a|b*c_d<e>&'), 'a\\|b\\*c\\_d&lt;e&gt;&amp;');
  assert.equal(mdCode('a`b'), '``a`b``');
  assert.equal(mdCode('`x'), '`` `x ``');
});

test('controls and bidi characters in report values are shown as markers, never written raw', () => {
  const r = failingReport();
  r.steps[0]!.detail = 'a\x1b[2J\u009b31m b\u202egnp.exe';
  r.diagnosis!.evidence = ['ev\u202eil\x07'];
  r.target.spn = 'MSSQLSvc/x\u2067y:1433';
  const md = renderMarkdown(r);
  assert.doesNotMatch(md, /[\x1b\x07\u009b\u202a-\u202e\u2066-\u2069]/);
  assert.match(md, /a\\\\u\{1b\}\\\[2J\\\\u\{9b\}31m b\\\\u\{202e\}gnp\.exe/);
  assert.match(md, /ev\\u\{202e\}il\\u\{7\}/);
});
