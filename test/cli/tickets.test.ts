import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from '../../electron/cli/program';
import { TicketSetSchema } from '../../electron/contract/report';

const fx = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, stdout: (s: string) => { io.out += s; }, stderr: (s: string) => { io.err += s; } };
  return io;
}

test('tickets --json --from-ccache: a valid TicketSet, no key or ticket bytes', async () => {
  const io = capture();
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
  assert.ok(code === 0 || code === 1);
});

test('tickets --from-klist (Windows CRLF): table and chain drawn as text', async () => {
  const io = capture();
  await runCli(['tickets', '--from-klist', fx('windows/klist-trust-flow-crlf.txt')], io);
  assert.match(io.out, /chain: trust/);
  assert.match(io.out, /\[referral\] krbtgt\/KERBEROS\.MICROSOFTONLINE\.COM@FABRIKAM\.COM/);
  assert.match(io.out, /local time/);
});

test('tickets with both sources is a usage error (exit 2)', async () => {
  const io = capture();
  assert.equal(await runCli(['tickets', '--from-klist', 'a', '--from-ccache', 'b'], io), 2);
  assert.match(io.err, /\[USAGE\]/);
});

test('tickets --from-ccache on a missing file: typed error, exit 2', async () => {
  const io = capture();
  assert.equal(await runCli(['tickets', '--from-ccache', '/nonexistent/cc'], io), 2);
  assert.match(io.err, /\[INPUT_UNREADABLE\]/);
});

test('tickets on a corrupt ccache: the parser code, exit 2', async () => {
  const io = capture();
  assert.equal(await runCli(['tickets', '--from-ccache', fx('windows/klist-tgt.txt')], io), 2);
  assert.match(io.err, /\[CCACHE_BAD_MAGIC\]/);
});

test('tickets with KRB5CCNAME=FILE: reads that cache', async () => {
  const prev = process.env['KRB5CCNAME'];
  process.env['KRB5CCNAME'] = `FILE:${fx('ccache/cloud-v4.ccache')}`;
  try {
    const io = capture();
    await runCli(['tickets', '--json'], io);
    assert.equal(JSON.parse(io.out).chain.flow, 'cloud');
  } finally {
    if (prev === undefined) delete process.env['KRB5CCNAME']; else process.env['KRB5CCNAME'] = prev;
  }
});
