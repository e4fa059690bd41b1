// The Windows lane (`npm run test:windows`, README "The Windows lane"): KerbProbe's own engine code runs
// in node.exe under Wine with process.platform === 'win32' for real, against the lab's MIT KDCs. Wine's
// Kerberos SSP runs on this host's MIT libkrb5, so the lab's KRB5_CONFIG/KRB5CCNAME work as they are.
// Not picked up by `npm test` (the name does not end in .test.ts): it needs the lane's toolchain
// (build/windows/build.sh), which `npm run test:windows` builds first.
//
// What Wine does not reproduce, and where each is asserted instead, is written next to the assertion.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestLab, type Lab } from '../lab/lab-helpers';
import { inspectToken, checkTicketTarget } from '../../electron/engine/krb-wire/token-inspect';
import { buildServicePrincipal } from '../../electron/engine/kerberos/spn';
import { analyzeEvidence, classify } from '../../electron/engine/diagnose/classify';
import { CLOUD_REALM } from '../../electron/contract/azure';
import type { Evidence } from '../../electron/engine/diagnose/evidence';
import { cloudLogon } from './cloud-logon';
import { killWineserver, laneMissing, probe, startWineserver, wine, wineEnv } from './wine-run';

const missing = laneMissing();
if (missing) throw new Error(missing);

before(() => startWineserver());
after(() => killWineserver());

const krbEnv = (lab: Lab) => ({ KRB5_CONFIG: lab.info.env.KRB5_CONFIG, KRB5CCNAME: lab.info.env.KRB5CCNAME });
const kdcLog = (lab: Lab, realm: 'onprem' | 'cloud') => {
  const f = join(lab.dir, realm, 'kdc.log');
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
};
/** The principal the cloud KDC logged TGS requests for, in `alice@X for SERVER, result` lines. */
const tgsLines = (log: string) => log.split('\n').filter((l) => l.includes('TGS_REQ'));

describe('the engine under win32 (Wine) acquires the service ticket through SSPI', () => {
  // modern-flow: bob's cloud TGT, service ticket from the same realm. The trust flow (healthy) is not
  // run here: Wine's SSP qualifies the SPN with the default realm (MSSQLSvc/…@CONTOSO.TEST) and MIT's
  // KDC gives no referral for it, where an AD DC refers across the trust. The referral path is proven by
  // the lab suites and the CLI matrix (test/cli/check-matrix.test.ts, scenario healthy) on GSSAPI.
  let lab: Lab;
  before(async () => {
    lab = await startTestLab('modern-flow');
  });
  after(() => lab?.stop());

  test('a token came back; it is an AP-REQ for exactly the lab SPN and realm; the KDC saw that TGS-REQ', async () => {
    const before = tgsLines(kdcLog(lab, 'cloud')).length;
    const r = await probe({ op: 'acquire', host: lab.info.server, port: lab.info.port }, krbEnv(lab));
    assert.equal(r.platform, 'win32', 'process.platform inside node.exe under Wine');
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.ok(r.tokenBase64, 'a token came back');
    const sp = buildServicePrincipal(lab.info.server, lab.info.port);
    const t = inspectToken(r.tokenBase64);
    // The engine's win32 default is the Negotiate package. Wine quirk: Wine's Negotiate returns the raw
    // krb5 token where Windows wraps it in SPNEGO; SPNEGO framing is covered by
    // test/engine/krb-wire/token-inspect.test.ts. Either way the token must carry this AP-REQ.
    assert.ok(t.mechanism === 'krb5' || (t.mechanism === 'spnego' && t.innerMechanism === 'krb5'), t.mechanism);
    assert.equal(t.message, 'ap-req');
    assert.deepEqual(checkTicketTarget(t, sp, CLOUD_REALM), { ok: true, problems: [] });
    assert.equal(t.ticket?.server, `${sp.spn}@${CLOUD_REALM}`);
    assert.equal(t.mutualRequired, true, 'the engine asks for mutual authentication on win32 (ISC_REQ_MUTUAL_AUTH)');
    const fresh = tgsLines(kdcLog(lab, 'cloud')).slice(before);
    assert.ok(
      fresh.some((l) => l.includes(`for ${sp.spn}@${CLOUD_REALM}`) && l.includes('ISSUE')),
      `cloud KDC log:\n${fresh.join('\n')}`,
    );
  });

  test('the SPN form the engine passes on win32 is the one SSPI accepts', async () => {
    const sp = buildServicePrincipal(lab.info.server, lab.info.port);
    const engine = await probe({ op: 'acquire', host: lab.info.server, port: lab.info.port }, krbEnv(lab));
    assert.equal(engine.service, sp.spn, 'win32: the binding gets MSSQLSvc/<fqdn>:<port>');
    assert.match(engine.service ?? '', /^MSSQLSvc\/[a-z0-9.-]+:\d+$/);
    assert.ok(engine.tokenBase64);
    // The GSSAPI host-based form is refused by SSPI. (Wine's reason: it reads "host:port" after the @ as a
    // realm; Windows does not accept it as an SPN either.)
    const hostBased = await probe({ op: 'acquire-raw', service: sp.gssHostBased }, krbEnv(lab));
    assert.equal(hostBased.tokenBase64, undefined);
    assert.match(hostBased.error?.message ?? '', /^InitializeSecurityContext/);
  });
});

describe('failures end in classified codes', () => {
  test('spn-missing: the cloud KDC says the SPN is unknown; the binding attaches the SSPI status', async () => {
    const lab = await startTestLab('spn-missing');
    try {
      const env = cloudLogon(lab);
      const r = await probe({ op: 'acquire', host: lab.info.server, port: lab.info.port }, env);
      const sp = buildServicePrincipal(lab.info.server, lab.info.port);
      assert.equal(r.tokenBase64, undefined);
      assert.equal(r.error?.name, 'GssError');
      const ev = r.error.evidence as Evidence[];
      assert.equal(ev.length, 1);
      assert.equal(ev[0]?.kind, 'sspi');
      assert.equal(ev[0].stage, 'tgs');
      assert.ok(
        tgsLines(kdcLog(lab, 'cloud')).some(
          (l) => l.includes(`for ${sp.spn}@${CLOUD_REALM}`) && /not found in Kerberos database/.test(l),
        ),
        'the cloud KDC refused exactly that SPN',
      );
      // Wine quirk: Wine turns KDC_ERR_S_PRINCIPAL_UNKNOWN into SEC_E_INTERNAL_ERROR (0x80090304), where
      // Windows returns SEC_E_TARGET_UNKNOWN (0x80090303). So here the classifier names the status it was
      // given and, not knowing it, says UNKNOWN with the raw evidence; the binding's code is that result.
      // SEC_E_TARGET_UNKNOWN → SPN_UNKNOWN is asserted in test/engine/diagnose/classify.test.ts.
      assert.equal(ev[0].status, '0x80090304');
      const d = classify(ev);
      assert.equal(r.error.code, d.code, "the binding attached the classifier's code");
      assert.equal(d.code, 'UNKNOWN');
      assert.ok(analyzeEvidence(ev).matches.every((m) => m.role === 'unrecognised'));
      // The same evidence with the status Windows returns is SPN_UNKNOWN.
      assert.equal(classify([{ ...ev[0], status: '0x80090303' }]).code, 'SPN_UNKNOWN');
      // The check's own call: Negotiate failed, so the Kerberos package was asked too — both SSPI answers
      // travel as evidence (the Kerberos package's first), and the KDC saw a second TGS-REQ for the SPN.
      const asked = tgsLines(kdcLog(lab, 'cloud')).filter((l) => l.includes(`for ${sp.spn}@${CLOUD_REALM}`)).length;
      const both = await probe({ op: 'acquire-initial', host: lab.info.server, port: lab.info.port }, env);
      const bothEv = (both.error?.evidence ?? []) as Evidence[];
      assert.deepEqual(
        bothEv.map((e) => e.kind),
        ['sspi', 'sspi'],
        JSON.stringify(both.error),
      );
      assert.ok(
        tgsLines(kdcLog(lab, 'cloud')).filter((l) => l.includes(`for ${sp.spn}@${CLOUD_REALM}`)).length >= asked + 2,
        'one TGS-REQ per package',
      );
    } finally {
      await lab.stop();
    }
  });

  test('no-tgt (empty cache): NO_TGT from the SSPI status', async () => {
    const lab = await startTestLab('no-tgt');
    try {
      assert.equal(existsSync(lab.info.env.KRB5CCNAME.replace(/^FILE:/, '')), false, 'the cache is empty');
      const r = await probe({ op: 'acquire', host: lab.info.server, port: lab.info.port }, krbEnv(lab));
      assert.equal(r.tokenBase64, undefined);
      assert.equal(r.error?.name, 'GssError');
      const ev = r.error.evidence as Evidence[];
      // SEC_E_NO_CREDENTIALS from AcquireCredentialsHandle, as on Windows; the number reaches the evidence
      // only through the lane's shim (Wine has no message text for it; Windows gives a localized sentence).
      assert.equal((ev[0] as Extract<Evidence, { kind: 'sspi' }>).status, '0x8009030e');
      assert.equal(classify(ev).code, 'NO_TGT');
      assert.equal(r.error.code, 'NO_TGT');
    } finally {
      await lab.stop();
    }
  });
});

describe('the environment step reads policy values through the real reg query path', () => {
  const SYSTEM_POLICY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\Parameters';
  const LSA = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters';
  const PROXY =
    'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\KdcProxy\\ProxyServers';
  const reg = async (...args: string[]) => {
    const r = await wine(['reg', ...args], wineEnv());
    return r.code;
  };
  const clean = async () => {
    for (const k of [SYSTEM_POLICY, LSA]) await reg('delete', k, '/v', 'CloudKerberosTicketRetrievalEnabled', '/f');
    await reg('delete', PROXY, '/f');
  };
  before(clean);
  after(clean);

  test('values written with reg add are read back by windowsEnvironment()', async () => {
    const none = await probe({ op: 'environment' });
    const noneEnv = none.environment as { evidence: string[]; cloudKerberosPolicy: boolean | null };
    assert.equal(noneEnv.cloudKerberosPolicy, null);
    assert.ok(noneEnv.evidence.includes(`${SYSTEM_POLICY}\\CloudKerberosTicketRetrievalEnabled = not set`));

    assert.equal(
      await reg('add', SYSTEM_POLICY, '/v', 'CloudKerberosTicketRetrievalEnabled', '/t', 'REG_DWORD', '/d', '1', '/f'),
      0,
    );
    assert.equal(
      await reg('add', LSA, '/v', 'CloudKerberosTicketRetrievalEnabled', '/t', 'REG_DWORD', '/d', '0', '/f'),
      0,
    );
    assert.equal(
      await reg(
        'add',
        PROXY,
        '/v',
        'KERBEROS.MICROSOFTONLINE.COM',
        '/t',
        'REG_SZ',
        '/d',
        '<https kdcproxy.contoso.test:443:kdcproxy />',
        '/f',
      ),
      0,
    );
    const r = await probe({ op: 'environment' });
    assert.equal(r.platform, 'win32');
    const env = r.environment as {
      evidence: string[];
      warnings: string[];
      cloudKerberosPolicy: boolean | null;
      os: string;
    };
    assert.match(env.os, /^Windows /);
    assert.ok(
      env.evidence.includes(`${SYSTEM_POLICY}\\CloudKerberosTicketRetrievalEnabled = 1`),
      env.evidence.join('\n'),
    );
    assert.ok(env.evidence.includes(`${LSA}\\CloudKerberosTicketRetrievalEnabled = 0`), env.evidence.join('\n'));
    // No klist cloud_debug under Wine, so the first path that is set decides (the policy path, = 1).
    assert.equal(env.cloudKerberosPolicy, true);
    assert.ok(
      env.evidence.includes(
        'KDC proxy servers by policy: KERBEROS.MICROSOFTONLINE.COM → <https kdcproxy.contoso.test:443:kdcproxy />',
      ),
      env.evidence.join('\n'),
    );
    // Wine ships no dsregcmd.exe or klist.exe: the engine reports each as a warning and goes on.
    assert.ok(env.warnings.some((w) => w.startsWith('dsregcmd /status could not be read')));
    assert.ok(env.warnings.some((w) => w.startsWith('klist cloud_debug could not be read')));
  });
});
