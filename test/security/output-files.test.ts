// What the CLI writes: `collect --out` and `check --report` given a symbolic link (someone else's file behind
// it) with --force replace the link, never write through it; every output is 0600 (it can hold names); the
// history is never appended through a link.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKerbprobe } from '../cli/run-kerbprobe';

const tmp = mkdtempSync(join(tmpdir(), 'kerbprobe-outputs-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const SERVER = ['--server', 'sqlmi1.nowhere.invalid', '--timeout', '3'];

function linkToVictim(name: string): { link: string; victim: string } {
  const victim = join(tmp, `${name}-victim.txt`);
  writeFileSync(victim, 'not yours', { mode: 0o644 });
  const link = join(tmp, name);
  symlinkSync(victim, link);
  return { link, victim };
}

function assertUntouched(victim: string, link: string): void {
  assert.equal(readFileSync(victim, 'utf8'), 'not yours');
  assert.equal(statSync(victim).mode & 0o777, 0o644);
  assert.ok(!lstatSync(link).isSymbolicLink(), 'the link was replaced');
  assert.equal(statSync(link).mode & 0o777, 0o600);
}

test('collect --out LINK --force replaces the link; the file behind it is untouched', async () => {
  const { link, victim } = linkToVictim('bundle.json');
  const r = await runKerbprobe(['collect', ...SERVER, '--no-check', '--out', link, '--force'], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  assertUntouched(victim, link);
  assert.match(readFileSync(link, 'utf8'), /"schemaVersion"/);
});

test('check --report LINK --force replaces the link, 0600; without --force it is refused', async () => {
  const { link, victim } = linkToVictim('report.json');
  const refused = await runKerbprobe(['check', ...SERVER, '--no-history', '--report', link]);
  assert.equal(refused.code, 2, refused.stderr);
  assert.equal(readFileSync(victim, 'utf8'), 'not yours');
  const r = await runKerbprobe(['check', ...SERVER, '--no-history', '--report', link, '--force']);
  assert.equal(r.code, 1, r.stderr);
  assertUntouched(victim, link);
  for (const ext of ['html', 'md']) {
    const plain = join(tmp, `report.${ext}`);
    const again = await runKerbprobe(['check', ...SERVER, '--no-history', '--report', plain]);
    assert.equal(again.code, 1, again.stderr);
    assert.equal(statSync(plain).mode & 0o777, 0o600, `a new .${ext} report is 0600`);
  }
});

test('a history file that is a symbolic link is not appended through', async () => {
  const { link, victim } = linkToVictim('history.jsonl');
  const r = await runKerbprobe(['check', ...SERVER], { env: { KERBPROBE_HISTORY: link } });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(readFileSync(victim, 'utf8'), 'not yours');
  assert.match(r.stderr, /history/i);
});
