import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../electron/cli/program';
import { at, captureIo } from '../capture-io';
import { TicketSetSchema } from '../../../electron/contract/report';

// When the ccache and klist fixtures were captured: their tickets are judged as of then, not today.
const CAPTURED = at('2026-11-25T10:00:00Z');
const fx = (p: string): string => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));

test('tickets --json --from-ccache: a valid TicketSet, no key or ticket bytes', async () => {
  const io = captureIo(CAPTURED);
  const code = await runCli(['tickets', '--json', '--from-ccache', fx('ccache/trust-v4.ccache')], io);
  const json = JSON.parse(io.out);
  TicketSetSchema.parse(json);
  assert.equal(json.chain.flow, 'trust');
  assert.equal(json.tickets.length, 3);
  // No byte run of the file's key or ticket areas: every field is a name, time, flag or enctype.
  const raw = readFileSync(fx('ccache/trust-v4.ccache'));
  const hex = raw.toString('hex');
  for (let i = 0; i + 16 <= hex.length; i += 16) {
    const chunk = hex.slice(i, i + 16);
    if (/^[0-9]+$/.test(chunk)) continue;
    assert.ok(!io.out.includes(chunk), 'hex of ccache bytes in output');
  }
  assert.equal(code, 0, 'the chain is whole and valid when the cache was captured');
});

test('tickets --from-klist (Windows CRLF): table and chain drawn as text', async () => {
  const io = captureIo(CAPTURED);
  await runCli(['tickets', '--from-klist', fx('windows/klist-trust-flow-crlf.txt')], io);
  assert.match(io.out, /chain: trust/);
  assert.match(io.out, /\[referral\] krbtgt\/KERBEROS\.MICROSOFTONLINE\.COM@FABRIKAM\.COM/);
  assert.match(io.out, /local time/);
});

test('tickets with both sources is a usage error (exit 2)', async () => {
  const io = captureIo(CAPTURED);
  assert.equal(await runCli(['tickets', '--from-klist', 'a', '--from-ccache', 'b'], io), 2);
  assert.match(io.err, /\[USAGE\]/);
});

test('tickets --from-ccache on a missing file: typed error, exit 2', async () => {
  const io = captureIo(CAPTURED);
  assert.equal(await runCli(['tickets', '--from-ccache', '/nonexistent/cc'], io), 2);
  assert.match(io.err, /\[INPUT_UNREADABLE\]/);
});

test('tickets on a corrupt ccache: the parser code, exit 2', async () => {
  const io = captureIo(CAPTURED);
  assert.equal(await runCli(['tickets', '--from-ccache', fx('windows/klist-tgt.txt')], io), 2);
  assert.match(io.err, /\[CCACHE_BAD_MAGIC\]/);
});

test('tickets with KRB5CCNAME=FILE: reads that cache', async () => {
  const prev = process.env['KRB5CCNAME'];
  process.env['KRB5CCNAME'] = `FILE:${fx('ccache/cloud-v4.ccache')}`;
  try {
    const io = captureIo(CAPTURED);
    await runCli(['tickets', '--json'], io);
    assert.equal(JSON.parse(io.out).chain.flow, 'cloud');
  } finally {
    if (prev === undefined) delete process.env['KRB5CCNAME'];
    else process.env['KRB5CCNAME'] = prev;
  }
});

test('tickets judges expiry by the CLI clock: one cache is valid when captured and expired a year on', async () => {
  const cache = fx('ccache/trust-v4.ccache');
  const then = captureIo(CAPTURED);
  assert.equal(await runCli(['tickets', '--from-ccache', cache], then), 0, then.out);
  const later = captureIo(at('2027-11-25T10:00:00Z'));
  assert.equal(await runCli(['tickets', '--json', '--from-ccache', cache], later), 1, later.out);
  assert.ok(JSON.parse(later.out).chain.findings.some((f: { severity: string }) => f.severity === 'error'));
});

test('tickets --at judges a saved cache as of then, whatever the clock says', async () => {
  const io = captureIo(at('2027-11-25T10:00:00Z'));
  assert.equal(
    await runCli(['tickets', '--at', '2026-11-25T10:00:00Z', '--from-ccache', fx('ccache/trust-v4.ccache')], io),
    0,
    io.out + io.err,
  );
});

test('tickets --at that is not an ISO date and time: usage error, exit 2', async () => {
  const io = captureIo();
  assert.equal(await runCli(['tickets', '--at', 'last tuesday', '--from-ccache', fx('ccache/trust-v4.ccache')], io), 2);
  assert.match(io.err, /option '--at <time>' argument 'last tuesday' is invalid\. expected an ISO 8601 date and time/);
  assert.equal(io.out, '');
});

test('a command returns its exit code and leaves process.exitCode alone', async () => {
  const before = process.exitCode;
  const io = captureIo(at('2027-11-25T10:00:00Z'));
  assert.equal(await runCli(['tickets', '--from-ccache', fx('ccache/trust-v4.ccache')], io), 1);
  assert.equal(process.exitCode, before);
});
