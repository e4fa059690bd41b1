// The lab's own ccache reading (for its Windows renditions), against MIT klist, an independent tool, on the same
// caches; a damaged cache is a typed error, never a crash or a wrong ticket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LabCcacheError, readLabCcache, type LabTicket } from '../../../electron/lab/windows/lab-ticket';

const CCACHES = new URL('../../fixtures/ccache/', import.meta.url);

/** MIT klist's flag letters (klist(1)) and the RFC 4120 bits they stand for. */
const MIT_FLAG_LETTERS: Record<string, number> = {
  F: 0x40000000,
  f: 0x20000000,
  P: 0x10000000,
  p: 0x08000000,
  D: 0x04000000,
  d: 0x02000000,
  i: 0x01000000,
  R: 0x00800000,
  I: 0x00400000,
  A: 0x00200000,
  H: 0x00100000,
  T: 0x00080000,
  O: 0x00040000,
  a: 0x00008000,
};
const MIT_ENCTYPES: Record<string, number> = {
  'aes256-cts-hmac-sha1-96': 18,
  'aes128-cts-hmac-sha1-96': 17,
  'arcfour-hmac': 23,
  'des-cbc-md5': 3,
};

/** `klist -e -f -c FILE` in UTC, read to what the lab's reader returns. */
function mitKlist(file: string): { server: string; start: number; end: number; flags: number; etypes: number[] }[] {
  const run = spawnSync('klist', ['-e', '-f', '-c', file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, TZ: 'UTC', LC_ALL: 'C' },
  });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n');
  const out = [];
  for (const [index, line] of lines.entries()) {
    const head = /^(\d\d)\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d)\s+(\d\d)\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d)\s+(\S+)$/.exec(
      line,
    );
    if (!head) continue;
    const time = (m: string, d: string, y: string, hms: string) => Date.parse(`20${y}-${m}-${d}T${hms}Z`) / 1000;
    const following = lines.slice(index + 1, index + 3).join('\n');
    const letters = /Flags: (\S*)/.exec(following)?.[1] ?? '';
    const etypes = /Etype \(skey, tkt\): (\S+), (\S+)/.exec(following);
    out.push({
      server: head[9]!,
      start: time(head[1]!, head[2]!, head[3]!, head[4]!),
      end: time(head[5]!, head[6]!, head[7]!, head[8]!),
      flags: [...letters].reduce((mask, letter) => mask | (MIT_FLAG_LETTERS[letter] ?? 0), 0) >>> 0,
      etypes: [MIT_ENCTYPES[etypes?.[1] ?? ''] ?? -1, MIT_ENCTYPES[etypes?.[2] ?? ''] ?? -1],
    });
  }
  return out;
}

test("the lab's own ccache reading agrees with MIT klist on every readable fixture cache", () => {
  let compared = 0;
  for (const name of readdirSync(CCACHES).filter((file) => file.endsWith('.ccache'))) {
    const path = fileURLToPath(new URL(name, CCACHES));
    let tickets: LabTicket[];
    try {
      tickets = readLabCcache(readFileSync(path));
    } catch {
      continue; // versions 1 and 2, which MIT no longer writes
    }
    const mit = mitKlist(path);
    assert.equal(tickets.length, mit.length, name);
    tickets.forEach((ticket, index) => {
      const expected = mit[index]!;
      assert.equal(`${ticket.server}@${ticket.serverRealm}`, expected.server, name);
      assert.equal(ticket.start, expected.start, `${name}: start`);
      assert.equal(ticket.end, expected.end, `${name}: end`);
      // MIT shows no letter for name_canonicalize (0x00010000); Windows does.
      assert.equal((ticket.flags & ~0x00010000) >>> 0, expected.flags, `${name}: flags`);
      assert.deepEqual([ticket.sessionEnctype, ticket.ticketEnctype], expected.etypes, `${name}: enctypes`);
    });
    compared += 1;
  }
  assert.ok(compared >= 3, `compared ${compared} caches`);
});

test('a cache cut anywhere is a LabCcacheError, never another exception', () => {
  const whole = readFileSync(new URL('trust-v4.ccache', CCACHES));
  assert.ok(readLabCcache(whole).length > 0);
  for (let cut = 0; cut < whole.length; cut += 7) {
    try {
      readLabCcache(whole.subarray(0, cut));
    } catch (err) {
      assert.ok(err instanceof LabCcacheError, `cut at ${cut}: ${String(err)}`);
    }
  }
});
