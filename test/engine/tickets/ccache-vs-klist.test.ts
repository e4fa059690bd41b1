// On real lab caches (trust flow after `kvno` of the lab SPN, and the modern flow), our ccache parser
// agrees with MIT `klist -e -f -C` on every ticket: server, realms, times, flags, enctypes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startLab, stopLab } from '../../../electron/lab/lab';
import { parseMitKlist } from '../../../electron/engine/tickets/mit-klist';
import { ticketsFromCcache, toTicketSet } from '../../../electron/engine/tickets/ticket-source';

function compare(scenario: string, expectedFlow: string): void {
  test(`lab '${scenario}': ccache parser agrees with klist -e -f -C`, async () => {
    const dir = mkdtempSync(join(tmpdir(), `kp-tickets-${scenario}-`));
    try {
      const info = await startLab({ dir, scenario });
      // klist prints local wall-clock time; pin it to UTC so both sides speak the same zone.
      const env = { ...process.env, ...info.env, TZ: 'UTC' };
      const k = spawnSync('kvno', [info.spn.includes('@') ? info.spn : `${info.spn}@KERBEROS.MICROSOFTONLINE.COM`], {
        env,
        encoding: 'utf8',
        timeout: 15000,
      });
      assert.equal(k.status, 0, k.stderr);
      const l = spawnSync('klist', ['-e', '-f', '-C'], { env, encoding: 'utf8', timeout: 15000 });
      assert.equal(l.status, 0, l.stderr);
      const fromKlist = parseMitKlist(l.stdout);
      const file = info.env.KRB5CCNAME.replace(/^FILE:/, '');
      const ours = ticketsFromCcache(readFileSync(file), info.env.KRB5CCNAME);
      assert.equal(ours.defaultPrincipal, fromKlist.defaultPrincipal);
      assert.equal(ours.tickets.length, fromKlist.tickets.length);
      assert.ok(ours.tickets.length >= 2);
      ours.tickets.forEach((t, i) => {
        const m = fromKlist.tickets[i];
        assert.ok(m);
        assert.equal(`${t.server}@${t.serverRealm}`, `${m.server}@${m.serverRealm}`);
        assert.equal(t.clientRealm, m.clientRealm);
        assert.equal(t.start?.replace(/Z$/, ''), m.start);
        assert.equal(t.end?.replace(/Z$/, ''), m.end);
        assert.equal(t.renewUntil?.replace(/Z$/, '') ?? null, m.renewUntil);
        // klist has no letter for enc-pa-rep; every other flag must match.
        assert.deepEqual(
          t.flags.filter((f) => f !== 'enc-pa-rep'),
          m.flags,
        );
        assert.equal(t.ticketEnctype, m.ticketEnctype);
        assert.equal(t.sessionEnctype, m.sessionEnctype);
      });
      assert.deepEqual(
        ours.config.map((c) => c.key),
        fromKlist.config.map((c) => c.key),
      );
      assert.equal(toTicketSet(ours, { now: new Date() }).chain.flow, expectedFlow);
    } finally {
      await stopLab(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

compare('healthy', 'trust');
compare('modern-flow', 'cloud');
