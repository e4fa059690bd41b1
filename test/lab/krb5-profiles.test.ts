import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileValue, renderClientKrb5Conf, renderKdcConf } from '../../electron/lab/krb5-profiles';

test('profile values with spaces or quotes are quoted and escaped', () => {
  assert.equal(profileValue('/tmp/lab/principal'), '/tmp/lab/principal');
  assert.equal(profileValue('FILE:/tmp/my lab/kdc.log'), '"FILE:/tmp/my lab/kdc.log"');
  assert.equal(profileValue('a"b\\c'), '"a\\"b\\\\c"');
});

test('kdc.conf: loopback UDP and TCP on one port, own database and log', () => {
  const conf = renderKdcConf({
    realm: 'CONTOSO.TEST',
    port: 40123,
    databasePath: '/d/principal',
    stashPath: '/d/stash',
    logPath: '/d/kdc.log',
    supportedEnctypes: 'aes256-cts-hmac-sha1-96:normal',
  });
  assert.match(conf, /kdc_listen = 127\.0\.0\.1:40123\n/);
  assert.match(conf, /kdc_tcp_listen = 127\.0\.0\.1:40123\n/);
  assert.match(conf, /CONTOSO\.TEST = \{\n\s+database_name = \/d\/principal\n/);
  assert.match(conf, /kdc = FILE:\/d\/kdc\.log/);
});

test('client krb5.conf: direct KDCs, or an MS-KKDCP URL with the lab CA as anchor', () => {
  const direct = renderClientKrb5Conf({
    defaultRealm: 'CONTOSO.TEST',
    onpremKdc: '127.0.0.1:1',
    cloudKdc: '127.0.0.1:2',
  });
  assert.match(direct, /KERBEROS\.MICROSOFTONLINE\.COM = \{\n\s+kdc = 127\.0\.0\.1:2\n\s+\}/);
  assert.doesNotMatch(direct, /http_anchors|permitted_enctypes/);
  const proxied = renderClientKrb5Conf({
    defaultRealm: 'CONTOSO.TEST',
    onpremKdc: '127.0.0.1:1',
    cloudKdc: 'https://localhost:3/KdcProxy',
    httpAnchorsFile: '/lab dir/ca.pem',
    permittedEnctypes: 'aes128-cts-hmac-sha1-96',
  });
  assert.match(proxied, /kdc = https:\/\/localhost:3\/KdcProxy\n\s+http_anchors = "FILE:\/lab dir\/ca\.pem"/);
  assert.match(proxied, /permitted_enctypes = aes128-cts-hmac-sha1-96/);
  assert.match(proxied, /default_tgs_enctypes = aes128-cts-hmac-sha1-96/);
});
