import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyStepEvidence, toEvidence, type StepEvidence } from '../../../electron/engine/diagnose/classify-step-evidence';

const trust = { userRealm: 'CONTOSO.TEST', cloudRealm: 'KERBEROS.MICROSOFTONLINE.COM' };
const modern = { userRealm: 'KERBEROS.MICROSOFTONLINE.COM', cloudRealm: 'KERBEROS.MICROSOFTONLINE.COM' };

test('a service-ticket integrity failure in the trust flow is the trust key', () => {
  const r: StepEvidence = { stage: 'service-ticket', kind: 'gss', text: 'Unspecified GSS failure.  Minor code may provide more information: Decrypt integrity check failed' };
  assert.deepEqual(toEvidence(r, trust), { kind: 'gss', text: r.text, stage: 'tgs', userRealm: 'CONTOSO.TEST', referral: true });
  assert.equal(classifyStepEvidence([r], trust).code, 'TRUST_KEY_MISMATCH');
});

test('step evidence from the check maps to the codes of the lab scenarios', () => {
  const cases: [StepEvidence[], typeof trust, string][] = [
    [[{ stage: 'service-ticket', kind: 'gss', text: 'Unspecified GSS failure.  Minor code may provide more information: Server krbtgt/KERBEROS.MICROSOFTONLINE.COM@CONTOSO.TEST not found in Kerberos database' }], trust, 'NO_CROSS_REALM_TRUST'],
    [[{ stage: 'service-ticket', kind: 'gss', text: 'Unspecified GSS failure.  Minor code may provide more information: Server MSSQLSvc/sqlmi1.lab.database.windows.net:1433@KERBEROS.MICROSOFTONLINE.COM not found in Kerberos database' }], modern, 'SPN_UNKNOWN'],
    [[{ stage: 'service-ticket', kind: 'socket', text: 'the TGS exchange timed out', code: 'TIMEOUT' }], trust, 'CLOUD_KDC_UNREACHABLE'],
    [[{ stage: 'tgt', kind: 'tickets', text: 'no TGT in the cache' }], trust, 'NO_TGT'],
    [[{ stage: 'tgt', kind: 'tickets', text: 'the TGT expired at 2026-11-25T17:58:02Z' }], trust, 'TGT_EXPIRED'],
    [[{ stage: 'clock', kind: 'kdc-error', text: 'clock offset 900 s against CONTOSO.TEST', code: 37 }], trust, 'CLOCK_SKEW'],
    [[{ stage: 'dns', kind: 'dns', text: 'getaddrinfo ENOTFOUND sql.invalid', code: 'ENOTFOUND' }], trust, 'DNS_FAILURE'],
    [[{ stage: 'tcp', kind: 'socket', text: 'connect ECONNREFUSED 127.0.0.1:1433', code: 'ECONNREFUSED' }], trust, 'SQL_UNREACHABLE'],
    [[{ stage: 'kdc-user', kind: 'socket', text: 'no answer', code: 'ETIMEDOUT', realm: 'CONTOSO.TEST' }], trust, 'KDC_UNREACHABLE'],
    [[{ stage: 'tls', kind: 'tls', text: 'self-signed certificate in certificate chain', code: 'SELF_SIGNED_CERT_IN_CHAIN' }], trust, 'TLS_UNTRUSTED'],
    [[{ stage: 'login', kind: 'sql-error', text: "Login failed for user 'alice@contoso.test'.", code: 18456 }], trust, 'LOGIN_NOT_MAPPED'],
    [[{ stage: 'token', kind: 'token', text: 'krb5 AP-REQ', code: 'krb5' }, { stage: 'login', kind: 'sql-error', text: 'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.', code: 18452 }], trust, 'SERVICE_KEY_MISMATCH'],
    [[{ stage: 'token', kind: 'token', text: 'NTLMSSP NEGOTIATE' }], trust, 'NTLM_FALLBACK'],
  ];
  for (const [records, ctx, code] of cases) assert.equal(classifyStepEvidence(records, ctx).code, code, records[0]?.text);
});

test('a code the producer already classified is kept when the text is not recognised', () => {
  const r = classifyStepEvidence([{ stage: 'service-ticket', kind: 'gss', text: 'something new', code: 'ETYPE_UNSUPPORTED' }], trust);
  assert.equal(r.code, 'ETYPE_UNSUPPORTED');
  assert.match(r.evidence[0] ?? '', /classified by the service-ticket step/);
  const unknown = classifyStepEvidence([{ stage: 'service-ticket', kind: 'gss', text: 'something new', code: 'GSS_FAILED' }], trust);
  assert.equal(unknown.code, 'UNKNOWN');
  assert.match(unknown.evidence.join(' '), /something new/);
});
