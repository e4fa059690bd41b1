import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLoginErrors, tokenMechanism } from '../../../electron/engine/sql/classify-login';

const KRB5_OID = '06092a864886f712010202';
const der = (hex: string) => Buffer.from(hex, 'hex');
const krb5Token = der(`6082010a${KRB5_OID}01006e820100`);
const spnegoKrb5 = der(
  `6082012006062b0601050502a0820114300a${KRB5_OID}a282010004820100${'6082010a' + KRB5_OID}01006e82`,
);
const ntlm = Buffer.concat([Buffer.from('NTLMSSP\0', 'latin1'), Buffer.from([1, 0, 0, 0])]);
const spnegoNtlm = Buffer.concat([der('607006062b0601050502a066'), ntlm]);

test('the mechanism of the token we sent', () => {
  assert.equal(tokenMechanism(krb5Token), 'krb5');
  assert.equal(tokenMechanism(spnegoKrb5), 'spnego-krb5');
  assert.equal(tokenMechanism(ntlm), 'ntlm');
  assert.equal(tokenMechanism(spnegoNtlm), 'spnego-ntlm');
  assert.equal(tokenMechanism(Buffer.alloc(0)), 'unknown');
  assert.equal(tokenMechanism(Buffer.from([0x60])), 'unknown');
});

const E18452 = {
  number: 18452,
  state: 1,
  class: 14,
  message: 'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.',
};

test('18452 / 17806: service key mismatch after a Kerberos ticket, NTLM fallback otherwise', () => {
  assert.equal(classifyLoginErrors([E18452], 'krb5').code, 'SERVICE_KEY_MISMATCH');
  assert.equal(classifyLoginErrors([E18452], 'spnego-krb5').code, 'SERVICE_KEY_MISMATCH');
  assert.equal(
    classifyLoginErrors([{ ...E18452, number: 17806, class: 20, state: 14 }], 'krb5').code,
    'SERVICE_KEY_MISMATCH',
  );
  assert.equal(classifyLoginErrors([E18452], 'ntlm').code, 'NTLM_FALLBACK');
  assert.equal(classifyLoginErrors([E18452], 'spnego-ntlm').code, 'NTLM_FALLBACK');
});

test('18456 → LOGIN_NOT_MAPPED with the login name tried', () => {
  const c = classifyLoginErrors(
    [{ number: 18456, state: 1, class: 14, message: "Login failed for user 'bob@KERBEROS.MICROSOFTONLINE.COM'." }],
    'krb5',
  );
  assert.equal(c.code, 'LOGIN_NOT_MAPPED');
  assert.match(c.evidence.join(' '), /'bob@KERBEROS\.MICROSOFTONLINE\.COM'/);
});

test('anything else stays UNKNOWN with the server words as evidence', () => {
  const c = classifyLoginErrors(
    [{ number: 4060, state: 1, class: 11, message: 'Cannot open database "x" requested by the login.' }],
    'krb5',
  );
  assert.equal(c.code, 'UNKNOWN');
  assert.match(c.evidence[0]!, /4060/);
});
