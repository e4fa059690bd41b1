// The MIT tools print their messages here, now, and the classifier reads them: proof that the patterns
// follow MIT's real wording rather than a remembered one. No KDC is needed: the failures are "nothing
// there" (no cache, a closed loopback port, no KDC configured).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classify } from '../../../electron/engine/diagnose/classify';
import { freePort } from '../../../electron/lab/ports';

const hasMit = spawnSync('kinit', ['-?'], { encoding: 'utf8' }).error === undefined;

function run(cmd: string, args: string[], env: Record<string, string>): string {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    input: '',
    timeout: 15_000,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  assert.notEqual(r.status, 0, `${cmd} was expected to fail`);
  return r.stderr.trim();
}

test('real MIT messages classify to their codes', { skip: !hasMit && 'MIT krb5 tools not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-mit-'));
  try {
    const port = await freePort(); // bound and closed again: nothing listens there
    const conf = join(dir, 'krb5.conf');
    writeFileSync(
      conf,
      [
        '[libdefaults]',
        ' default_realm = CONTOSO.TEST',
        ' dns_lookup_kdc = false',
        ' dns_lookup_realm = false',
        ' udp_preference_limit = 1',
        '[realms]',
        ` CONTOSO.TEST = {\n  kdc = 127.0.0.1:${port}\n }`,
        ` KERBEROS.MICROSOFTONLINE.COM = {\n  kdc = 127.0.0.1:${port}\n }`,
        '',
      ].join('\n'),
    );
    const env = { KRB5_CONFIG: conf, KRB5CCNAME: `FILE:${join(dir, 'cc')}` };

    const noCache = run('kvno', ['MSSQLSvc/sql.contoso.test:1433'], env);
    assert.match(noCache, /No credentials cache found/);
    assert.equal(classify([{ kind: 'gss', stage: 'tgs', text: noCache }]).code, 'NO_TGT');

    const cloudDown = run('kinit', ['alice@KERBEROS.MICROSOFTONLINE.COM'], env);
    assert.match(cloudDown, /Cannot contact any KDC for realm 'KERBEROS\.MICROSOFTONLINE\.COM'/);
    assert.equal(
      classify([{ kind: 'gss', stage: 'as', userRealm: 'CONTOSO.TEST', text: cloudDown }]).code,
      'CLOUD_KDC_UNREACHABLE',
    );

    const userDown = run('kinit', ['alice@CONTOSO.TEST'], env);
    assert.match(userDown, /Cannot contact any KDC for realm 'CONTOSO\.TEST'/);
    assert.equal(
      classify([{ kind: 'gss', stage: 'as', userRealm: 'CONTOSO.TEST', text: userDown }]).code,
      'KDC_UNREACHABLE',
    );

    const noKdc = run('kinit', ['alice@NOWHERE.TEST'], env);
    assert.match(noKdc, /Cannot find KDC for realm "NOWHERE\.TEST"/);
    assert.equal(classify([{ kind: 'gss', stage: 'as', text: noKdc }]).code, 'KDC_UNREACHABLE');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
