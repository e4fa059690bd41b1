// Chain trust and name match are separate verdicts: a name mismatch is TLS_NAME_MISMATCH (never an SPN
// problem), an untrusted chain TLS_UNTRUSTED, and "trust server certificate" passes with a visible flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeTls, type TlsFacts } from '../../../electron/engine/sql/tls-verdict';

const good: TlsFacts = {
  protocol: 'TLSv1.3',
  authorized: true,
  authorizationError: null,
  subject: 'CN=sqlmi1.x.database.windows.net',
  issuer: 'CN=DigiCert',
  validTo: '2027-01-01T00:00:00.000Z',
  nameMatches: true,
  altNames: 'DNS:sqlmi1.x.database.windows.net',
};
const NAME = 'sqlmi1.x.database.windows.net';

test('a verified certificate passes and is reported', () => {
  const v = judgeTls(good, NAME, false);
  assert.equal(v.failure, null);
  assert.deepEqual(v.info, {
    protocol: 'TLSv1.3',
    subject: good.subject,
    issuer: good.issuer,
    validTo: good.validTo,
    nameMatches: true,
    trusted: true,
    trustServerCertificate: false,
  });
});

test('good chain, wrong name → TLS_NAME_MISMATCH, trusted stays true', () => {
  const verdict = judgeTls(
    {
      ...good,
      authorized: false,
      authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID',
      nameMatches: false,
      altNames: 'DNS:other',
    },
    NAME,
    false,
  );
  assert.equal(verdict.failure?.code, 'TLS_NAME_MISMATCH');
  assert.equal(verdict.info.trusted, true);
  assert.match(verdict.failure.evidence.join(' '), /not the Kerberos SPN/);
});

test('unknown issuer, expired, self-signed → TLS_UNTRUSTED (also when the name is wrong too)', () => {
  for (const err of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT']) {
    const v = judgeTls({ ...good, authorized: false, authorizationError: err }, NAME, false);
    assert.equal(v.failure?.code, 'TLS_UNTRUSTED');
    assert.equal(v.info.trusted, false);
    assert.match(v.failure.evidence.join(' '), new RegExp(err));
  }
  const both = judgeTls(
    { ...good, authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN', nameMatches: false },
    NAME,
    false,
  );
  assert.equal(both.failure?.code, 'TLS_UNTRUSTED');
  assert.match(both.failure.evidence.join(' '), /also does not name/);
});

test('trust server certificate: no failure, but the facts and the flag are reported', () => {
  const v = judgeTls(
    { ...good, authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', nameMatches: false },
    NAME,
    true,
  );
  assert.equal(v.failure, null);
  assert.equal(v.info.trustServerCertificate, true);
  assert.equal(v.info.trusted, false);
  assert.equal(v.info.nameMatches, false);
});
