import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkTicketTarget, inspectToken } from '../../../electron/engine/krb-wire/token-inspect';
import { buildServicePrincipal } from '../../../electron/engine/kerberos/spn';
import { ParseError } from '../../../electron/engine/errors';
import { OIDS, apRep, apReq, krb5Token, krbError, negTokenResp, ntlm, spnegoInit } from './token-fixtures';

const SNAME = ['MSSQLSvc', 'mi.zone.database.windows.net:1433'];
const REALM = 'KERBEROS.MICROSOFTONLINE.COM';
const sp = buildServicePrincipal('mi.zone.database.windows.net', 1433);
const isTokenError = (e: unknown) => e instanceof ParseError && e.code === 'TOKEN_MALFORMED';

test('raw krb5 AP-REQ: ticket server, realm, enctype, kvno and mutual-required', () => {
  const t = inspectToken(krb5Token(0x0100, apReq({ realm: REALM, sname: SNAME, etype: 18, kvno: 3 })));
  assert.equal(t.mechanism, 'krb5');
  assert.equal(t.message, 'ap-req');
  assert.equal(t.ticket?.server, `MSSQLSvc/mi.zone.database.windows.net:1433@${REALM}`);
  assert.equal(t.ticket?.realm, REALM);
  assert.equal(t.ticket?.enctypeName, 'aes256-cts-hmac-sha1-96');
  assert.equal(t.ticket?.kvno, 3);
  assert.equal(t.mutualRequired, true);
  assert.equal(t.ntlmFallback, false);
  assert.deepEqual(checkTicketTarget(t, sp, REALM), { ok: true, problems: [] });
});

test('base64 input, absent kvno, RC4 ticket and no mutual auth are reported as such', () => {
  const tok = krb5Token(0x0100, apReq({ realm: REALM, sname: SNAME, etype: 23, kvno: null, mutual: false }));
  const t = inspectToken(tok.toString('base64'));
  assert.equal(t.ticket?.kvno, null);
  assert.equal(t.ticket?.enctypeName, 'arcfour-hmac');
  assert.equal(t.mutualRequired, false);
  assert.ok(t.summary.some((l) => l.includes('NOT requested')));
});

test('SPNEGO NegTokenInit carrying krb5 (as Windows Negotiate sends it)', () => {
  const inner = krb5Token(0x0100, apReq({ realm: REALM, sname: SNAME }));
  const t = inspectToken(spnegoInit([OIDS.msKrb5, OIDS.krb5, OIDS.ntlm], inner));
  assert.equal(t.mechanism, 'spnego');
  assert.equal(t.innerMechanism, 'krb5');
  assert.deepEqual(t.spnegoMechs, ['ms-krb5', 'krb5', 'ntlm']);
  assert.equal(t.ticket?.realm, REALM);
  assert.equal(t.ntlmFallback, false);
});

test('NTLM fallback: raw NTLMSSP, SPNEGO carrying NTLMSSP, SPNEGO offering no Kerberos', () => {
  for (const tok of [ntlm(1), spnegoInit([OIDS.ntlm], ntlm(1)), spnegoInit([OIDS.ntlm])]) {
    const t = inspectToken(tok);
    assert.equal(t.ntlmFallback, true);
    assert.equal(t.ticket, null);
    assert.equal(checkTicketTarget(t, sp).ok, false);
  }
  assert.equal(inspectToken(ntlm(3)).message, 'ntlm-authenticate');
});

test('a ticket for another name (a resolved CNAME) or realm is caught', () => {
  const t = inspectToken(
    krb5Token(
      0x0100,
      apReq({ realm: 'CONTOSO.COM', sname: ['MSSQLSvc', 'node7.worker.vnet.database.windows.net:1433'] }),
    ),
  );
  const c = checkTicketTarget(t, sp, REALM);
  assert.equal(c.ok, false);
  assert.equal(c.problems.length, 2);
});

test("the server's answers: AP-REP, NegTokenResp accept-completed and reject, KRB-ERROR with its code", () => {
  const rep = inspectToken(krb5Token(0x0200, apRep(18)));
  assert.equal(rep.message, 'ap-rep');
  assert.equal(rep.encPartEnctype, 18);
  const done = inspectToken(negTokenResp(0, OIDS.krb5, krb5Token(0x0200, apRep())));
  assert.equal(done.negState, 'accept-completed');
  assert.equal(done.message, 'ap-rep');
  assert.equal(inspectToken(negTokenResp(2, null)).negState, 'reject');
  const err = inspectToken(krb5Token(0x0300, krbError(41, { realm: REALM, eText: 'integrity' })));
  assert.equal(err.krbError?.errorCode, 41);
  assert.equal(err.krbError?.errorName, 'KRB_AP_ERR_MODIFIED');
  const wrapped = inspectToken(negTokenResp(2, OIDS.krb5, krb5Token(0x0300, krbError(37))));
  assert.equal(wrapped.krbError?.errorName, 'KRB_AP_ERR_SKEW');
  assert.equal(inspectToken(negTokenResp(1, OIDS.ntlm, ntlm(2))).ntlmFallback, true);
});

test('no byte of the ticket or authenticator cipher appears in the result', () => {
  const tok = krb5Token(0x0100, apReq({ realm: REALM, sname: SNAME }));
  const json = JSON.stringify(inspectToken(tok));
  // Any 8-byte window of the token's tail (cipher bytes) must not show up in hex or base64.
  const tail = tok.subarray(tok.length - 48);
  for (let i = 0; i + 8 <= tail.length; i += 8) {
    const w = tail.subarray(i, i + 8);
    assert.ok(!json.includes(w.toString('hex')) && !json.includes(w.toString('base64').slice(0, 10)));
  }
});

test('garbage and mismatched framing are TOKEN_MALFORMED', () => {
  const good = krb5Token(0x0100, apReq({ realm: REALM, sname: SNAME }));
  const cases: (Buffer | string)[] = [
    Buffer.alloc(0),
    Buffer.from([0x60]),
    Buffer.from([0x60, 0x84, 0xff, 0xff, 0xff, 0xff]),
    good.subarray(0, good.length - 1),
    Buffer.concat([good, Buffer.from([0])]),
    krb5Token(0x0200, apReq({ realm: REALM, sname: SNAME })),
    Buffer.from('NTLMSSP\0'),
    Buffer.from('<html>'),
    'not base64!',
    krb5Token(0x0100, Buffer.from([0x30, 0x00])),
  ];
  for (const c of cases) assert.throws(() => inspectToken(c), isTokenError);
});

test('property: arbitrary and mutated tokens only ever give TOKEN_MALFORMED, quickly', () => {
  const seeds = [
    krb5Token(0x0100, apReq({ realm: REALM, sname: SNAME })),
    spnegoInit([OIDS.msKrb5, OIDS.krb5], krb5Token(0x0100, apReq({ realm: REALM, sname: SNAME }))),
    negTokenResp(0, OIDS.krb5, krb5Token(0x0200, apRep())),
    krb5Token(0x0300, krbError(7, { eText: 'x' })),
    ntlm(2),
  ];
  const mutated = fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'ins')), {
        minLength: 1,
        maxLength: 6,
      }),
    )
    .map(([seed, edits]) => {
      let b = Buffer.from(seed);
      for (const [pos, val, op] of edits) {
        const i = pos % Math.max(1, b.length);
        if (op === 'set') b[i] = val;
        else if (op === 'cut') b = b.subarray(0, i);
        else b = Buffer.concat([b.subarray(0, i), Buffer.from([val]), b.subarray(i)]);
      }
      return b;
    });
  const inputs = fc.oneof(
    fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
    mutated,
  );
  let runs = 0;
  let rejected = 0;
  fc.assert(
    fc.property(inputs, (b) => {
      runs++;
      const t0 = performance.now();
      try {
        const r = inspectToken(b);
        assert.ok(['spnego', 'krb5', 'ntlm'].includes(r.mechanism));
      } catch (e) {
        if (!isTokenError(e)) throw e;
        rejected++;
      }
      assert.ok(performance.now() - t0 < 250, 'inspection took too long');
    }),
    { numRuns: 10_000, seed: 20261125 },
  );
  assert.equal(runs, 10_000);
  assert.ok(rejected > 5_000, `most inputs must be rejected (${rejected})`);
});
