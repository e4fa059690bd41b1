import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getValue, loadProfile, parseProfileText, profileSeconds } from '../../../electron/engine/net/krb5-profile';
import { parseKdcValue, realmConfig, realmForHost } from '../../../electron/engine/net/kdc-locations';
import { ParseError } from '../../../electron/engine/errors';

const CONF = `# comment
[libdefaults]
 default_realm = CONTOSO.COM
 udp_preference_limit = 1
 clockskew = 5m
[realms]
 CONTOSO.COM = {
  kdc = dc1.contoso.com
  kdc = tcp/dc2.contoso.com:8888
  kdc = [fd00::1]:88
 }
 KERBEROS.MICROSOFTONLINE.COM = {
  kdc = https://login.microsoftonline.com:443/tenant/kerberos
  http_anchors = FILE:/etc/ssl/ca.pem
 }
[domain_realm]
 .database.windows.net = KERBEROS.MICROSOFTONLINE.COM
 special.database.windows.net = OTHER.REALM
`;

test('realms, KDC forms, KKDCP URLs, anchors and libdefaults are read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-prof-'));
  try {
    const f = join(dir, 'krb5.conf');
    writeFileSync(f, CONF);
    const loaded = loadProfile({ KRB5_CONFIG: `${join(dir, 'missing.conf')}:${f}` });
    assert.deepEqual(loaded.files, [f]);
    const c = realmConfig('CONTOSO.COM', loaded);
    assert.deepEqual(
      c.kdcs.map((k) => [k.host, k.port, k.transport]),
      [
        ['dc1.contoso.com', 88, 'any'],
        ['dc2.contoso.com', 8888, 'tcp'],
        ['fd00::1', 88, 'any'],
      ],
    );
    assert.equal(c.udpPreferenceLimit, 1);
    assert.equal(c.clockSkew, 300);
    const cloud = realmConfig('KERBEROS.MICROSOFTONLINE.COM', loaded);
    assert.deepEqual(
      cloud.proxies.map((p) => [p.host, p.port]),
      [['login.microsoftonline.com', 443]],
    );
    assert.deepEqual(cloud.httpAnchors, ['/etc/ssl/ca.pem']);
    assert.equal(realmForHost('mi.zone.database.windows.net', loaded), 'KERBEROS.MICROSOFTONLINE.COM');
    assert.equal(realmForHost('special.database.windows.net', loaded), 'OTHER.REALM');
    assert.equal(realmForHost('unrelated.example', loaded), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('earlier files win; include and includedir are followed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-prof-'));
  try {
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'a.conf'), '[libdefaults]\n default_realm = FIRST\n');
    writeFileSync(
      join(dir, 'b.conf'),
      `[libdefaults]\n default_realm = SECOND\ninclude ${join(dir, 'c.conf')}\nincludedir ${join(dir, 'd')}\n`,
    );
    writeFileSync(join(dir, 'c.conf'), '[realms]\n C = {\n  kdc = c:1\n }\n');
    writeFileSync(join(dir, 'd', 'extra'), '[realms]\n D = {\n  kdc = d:2\n }\n');
    writeFileSync(join(dir, 'd', 'ignored~'), '[realms]\n E = {\n  kdc = e:3\n }\n');
    const loaded = loadProfile({ KRB5_CONFIG: `${join(dir, 'a.conf')}:${join(dir, 'b.conf')}` });
    assert.equal(getValue(loaded.profile, 'libdefaults', 'default_realm'), 'FIRST');
    assert.equal(realmConfig('C', loaded).kdcs[0]?.port, 1);
    assert.equal(realmConfig('D', loaded).kdcs[0]?.port, 2);
    assert.equal(realmConfig('E', loaded).kdcs.length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('malformed profiles are KRB5_CONF_MALFORMED; odd kdc values are skipped', () => {
  for (const bad of ['[realms]\n A = {\n kdc = x\n', '}\n', 'kdc = x\n', '[a]\njunk\n']) {
    assert.throws(
      () => parseProfileText(bad),
      (e: unknown) => e instanceof ParseError && e.code === 'KRB5_CONF_MALFORMED',
    );
  }
  assert.equal(parseKdcValue('host:99999'), null);
  assert.equal(parseKdcValue('a b'), null);
  assert.equal(profileSeconds('1h30m', 0), 5400);
  assert.equal(profileSeconds('0:05', 0), 300);
  assert.equal(profileSeconds('junk', 300), 300);
});
