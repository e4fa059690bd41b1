import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainNodes } from '../../renderer/src/lib/chain-view';
import { describeExpiry, formatMs } from '../../renderer/src/lib/time-text';
import { HEALTHY_REPORT, SPN_MISSING_REPORT } from '../e2e/fixtures/reports';

test('a trust-flow chain becomes user → TGT → referral → service ticket → SQL service', () => {
  const r = HEALTHY_REPORT;
  const nodes = chainNodes(r.chain!, r.tickets, 'alice@CONTOSO.TEST', new Date(r.startedAt));
  assert.deepEqual(
    nodes.map((n) => n.kind),
    ['user', 'tgt', 'referral', 'service', 'service-target'],
  );
  assert.equal(nodes[1]?.issuer, 'on-premises AD (CONTOSO.TEST)');
  assert.equal(nodes[3]?.issuer, 'Microsoft Entra Kerberos (KERBEROS.MICROSOFTONLINE.COM)');
  assert.equal(nodes[3]?.kdcCalled, '127.0.0.1:8802');
  assert.equal(nodes[3]?.expiry?.level, 'soon');
  assert.equal(nodes[1]?.expiry?.text, 'expires in 8 h 48 min');
  assert.equal(nodes[4]?.status, 'info');
});

test('a missing service ticket shows as missing, and the SQL service as unreachable', () => {
  const r = SPN_MISSING_REPORT;
  const nodes = chainNodes(r.chain!, r.tickets, null, new Date(r.startedAt));
  assert.equal(nodes[0]?.name, 'alice');
  assert.equal(nodes[3]?.status, 'missing');
  assert.equal(nodes[3]?.ticket, null);
  assert.equal(nodes[4]?.status, 'missing');
});

test('expiry and duration wording', () => {
  const ref = new Date('2026-01-01T12:00:00Z');
  assert.deepEqual(describeExpiry('2026-01-01T11:57:00Z', ref), { text: 'expired 3 min ago', level: 'expired' });
  assert.deepEqual(describeExpiry('2026-01-01T12:09:00Z', ref), { text: 'expires in 9 min', level: 'soon' });
  assert.deepEqual(describeExpiry(null, ref), { text: 'end time unknown', level: 'unknown' });
  assert.equal(describeExpiry('2026-01-05T12:00:00Z', ref).text, 'expires in 4 days');
  assert.equal(formatMs(842), '842 ms');
  assert.equal(formatMs(1234), '1.23 s');
});

test('each flow has one name, the same in the app as in the reports', async () => {
  const { flowTitle } = await import('../../renderer/src/lib/chain-view');
  const { FLOW_LABEL } = await import('../../electron/engine/report/summary');
  const { renderReport } = await import('../../electron/engine/report/write-report');
  for (const flow of ['trust', 'cloud', 'single-realm', 'incomplete'] as const)
    assert.equal(flowTitle(flow), FLOW_LABEL[flow]);
  assert.match(flowTitle('cloud'), /^Modern flow/);
  const md = renderReport({ ...HEALTHY_REPORT, chain: { ...HEALTHY_REPORT.chain!, flow: 'cloud' } }, 'md');
  assert.ok(md.includes(flowTitle('cloud')), 'the Markdown report names the flow as the app does');
});
