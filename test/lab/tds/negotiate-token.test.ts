// The token shapes SQL Server's Negotiate acceptor takes, built here from RFC 4178 §4.2 (SPNEGO), RFC 4121 §4.1
// (the Kerberos GSS framing) and RFC 4120 §5.5.1 (AP-REQ is [APPLICATION 14]); then the same shapes made of a
// real AP-REQ from MIT's initiator, logged in to the lab's TDS server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeToken, finalTokenWorthSending, prepareToken } from '../../../electron/lab/tds/negotiate-token';
import { startTestLab, type Lab } from '../lab-helpers';
import { TdsProbeClient, errorsOf, kerberosInitiator } from './helpers/tds-probe-client';

/** DER, written out by hand for the test (short and long definite lengths). */
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}
const oid = (hex: string): Buffer => der(0x06, Buffer.from(hex, 'hex'));
const SPNEGO = oid('2b0601050502'); // 1.3.6.1.5.5.2
const KRB5 = oid('2a864886f712010202'); // 1.2.840.113554.1.2.2
const MS_KRB5 = oid('2a864882f712010202'); // 1.2.840.48018.1.2.2
const NTLM = oid('2b06010401823702020a'); // 1.3.6.1.4.1.311.2.2.10

/** A stand-in AP-REQ: [APPLICATION 14] around a SEQUENCE (its content does not matter to the framing). */
const apReq = der(0x6e, der(0x30, der(0xa0, der(0x02, Buffer.from([5]))), Buffer.alloc(300, 0x41)));
const framed = (inner: Buffer, mech = KRB5): Buffer => der(0x60, mech, Buffer.from([1, 0]), inner);
function negTokenInit(mechs: Buffer[], mechToken?: Buffer, extra: { reqFlags?: Buffer; mic?: Buffer } = {}): Buffer {
  const elements = [der(0xa0, der(0x30, ...mechs))];
  if (extra.reqFlags) elements.push(der(0xa1, extra.reqFlags));
  if (mechToken) elements.push(der(0xa2, der(0x04, mechToken)));
  if (extra.mic) elements.push(der(0xa3, der(0x04, extra.mic)));
  return der(0x60, SPNEGO, der(0xa0, der(0x30, ...elements)));
}

test("SPNEGO with Microsoft's Kerberos OID and a bare AP-REQ (impacket's shape): framed, the rest kept", () => {
  const reqFlags = der(0x03, Buffer.from([0x00, 0x60]));
  const mic = Buffer.alloc(16, 0x4d);
  const prepared = prepareToken(negTokenInit([MS_KRB5], apReq, { reqFlags, mic }));
  assert.equal(prepared.framed, true);
  assert.deepEqual(prepared.description.mechanisms, ['1.2.840.48018.1.2.2']);
  assert.equal(prepared.description.mechToken, 'krb5-ap-req-bare');
  assert.deepEqual(prepared.forAcceptor, negTokenInit([MS_KRB5], framed(apReq), { reqFlags, mic }));
  assert.match(describeToken(prepared), /^SPNEGO NegTokenInit, \d+ bytes; mechanisms \[1\.2\.840\.48018\.1\.2\.2 /);
});

test('SPNEGO with the IETF OID and a bare AP-REQ is framed the same way', () => {
  const prepared = prepareToken(negTokenInit([KRB5, NTLM], apReq));
  assert.deepEqual(prepared.forAcceptor, negTokenInit([KRB5, NTLM], framed(apReq)));
  assert.deepEqual(prepared.description.mechanisms, ['1.2.840.113554.1.2.2', '1.3.6.1.4.1.311.2.2.10']);
});

test('tokens MIT takes as they are pass unchanged: SPNEGO with a framed token, a framed krb5 token, NTLMSSP', () => {
  const windowsShape = negTokenInit([MS_KRB5, KRB5], framed(apReq));
  const ntlm = Buffer.concat([Buffer.from('NTLMSSP\0', 'latin1'), Buffer.from([1, 0, 0, 0]), Buffer.alloc(24)]);
  for (const [token, shape] of [
    [windowsShape, 'spnego-init'],
    [framed(apReq), 'krb5-gss'],
    [ntlm, 'ntlmssp'],
  ] as const) {
    const prepared = prepareToken(token);
    assert.equal(prepared.description.shape, shape);
    assert.equal(prepared.framed, false);
    assert.equal(prepared.forAcceptor, token, 'the very same buffer');
  }
  assert.equal(prepareToken(windowsShape).description.mechToken, 'krb5-gss');
});

test('a bare AP-REQ on its own (no SPNEGO) is framed', () => {
  const prepared = prepareToken(apReq);
  assert.equal(prepared.description.shape, 'krb5-ap-req-bare');
  assert.deepEqual(prepared.forAcceptor, framed(apReq));
});

test('truncated, oversized and garbage tokens are described as unrecognised and passed on untouched', () => {
  const whole = negTokenInit([MS_KRB5], apReq);
  const lying = Buffer.from(whole);
  lying.writeUInt16BE(0xffff, 2); // the outer length claims more than there is
  const cases = [
    whole.subarray(0, 40),
    lying,
    Buffer.from([0x60]),
    Buffer.from([0x60, 0x84, 0xff, 0xff, 0xff, 0xff]),
    Buffer.alloc(0),
  ];
  for (const token of cases) {
    const prepared = prepareToken(token);
    assert.equal(prepared.framed, false);
    assert.equal(prepared.forAcceptor, token);
    assert.doesNotMatch(describeToken(prepared), /[0-9a-f]{16}/, 'no bytes in the description');
  }
});

test('the last token is sent when it has something to verify, not for a bare accept-completed', () => {
  // A Windows server's final NegTokenResp without mutual authentication, as seen over HTTP
  // (Devolutions/sspi-rs issue 498): accept-completed, nothing else.
  assert.equal(finalTokenWorthSending(Buffer.from('oQcwBaADCgEA', 'base64')), false);
  // MIT's: accept-completed and the supportedMech, no responseToken (measured here for impacket's token).
  assert.equal(finalTokenWorthSending(Buffer.from('a1143012a0030a0100a10b06092a864882f712010202', 'hex')), false);
  const withApRep = der(0xa1, der(0x30, der(0xa0, der(0x0a, Buffer.from([0]))), der(0xa2, der(0x04, apReq))));
  assert.equal(finalTokenWorthSending(withApRep), true);
  assert.equal(finalTokenWorthSending(framed(apReq)), true, 'a raw krb5 AP-REP');
  assert.equal(finalTokenWorthSending(Buffer.alloc(0)), false);
});

let lab: Lab;
before(async () => {
  lab = await startTestLab('healthy');
  process.env.KRB5_CONFIG = lab.info.env.KRB5_CONFIG;
  process.env.KRB5CCNAME = lab.info.env.KRB5CCNAME;
});
after(async () => {
  await lab?.stop();
});

/** MIT's initiator gives a framed krb5 token; the AP-REQ inside it is what impacket would send bare. */
async function realApReq(): Promise<Buffer> {
  const { token } = await kerberosInitiator(lab.info.server, lab.info.port);
  const oidEnd = 2 + (token[1]! & 0x80 ? token[1]! & 0x7f : 0) + KRB5.length;
  assert.deepEqual(token.subarray(oidEnd, oidEnd + 2), Buffer.from([1, 0]), 'TOK_ID of an AP-REQ');
  return token.subarray(oidEnd + 2);
}

test('the lab logs in what Windows accepts: each shape around a real AP-REQ, and says what it received', async () => {
  const shapes: [string, (ap: Buffer) => Buffer, RegExp][] = [
    ['SPNEGO, MS OID, bare AP-REQ', (ap) => negTokenInit([MS_KRB5], ap), /MS Kerberos\)\]; mechToken: bare/],
    ['SPNEGO, IETF OID, bare AP-REQ', (ap) => negTokenInit([KRB5], ap), /\(Kerberos\)\]; mechToken: bare/],
    ['SPNEGO, MS+IETF, framed', (ap) => negTokenInit([MS_KRB5, KRB5], framed(ap)), /mechToken: Kerberos GSS/],
    ['bare AP-REQ alone', (ap) => ap, /: bare Kerberos AP-REQ \(no GSS framing\), \d+ bytes; the AP-REQ was given/],
  ];
  for (const [name, shape, logged] of shapes) {
    const before = lab.log().length;
    const client = await TdsProbeClient.connectStrict({ port: lab.info.port, fqdn: lab.info.server, caPem: lab.caPem });
    await client.prelogin();
    const tokens = await client.login7(shape(await realApReq()), lab.info.server);
    client.close();
    assert.deepEqual(errorsOf(tokens), [], name);
    assert.ok(
      tokens?.some((token) => token.kind === 'loginack'),
      `${name}: LOGINACK`,
    );
    const log = lab.log().slice(before);
    assert.match(log, logged, name);
    assert.match(log, /Login succeeded for user 'alice@contoso\.test'/, name);
  }
});
