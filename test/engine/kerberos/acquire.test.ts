// The Windows acquisition logic (pure code, fake security contexts): when SSPI Negotiate falls back to NTLM
// or fails, the Kerberos package is asked, so its status — not "NTLM fallback" — is the evidence; the NTLM
// verdict stays when the Kerberos package gives no recognisable reason. The real SSPI calls run in the
// Windows lane under Wine; the real GSSAPI calls against the lab in binding.lab.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acquireInitialToken, type AcquireOptions } from '../../../electron/engine/kerberos/acquire';
import type { BindingSecurityContext } from '../../../electron/engine/kerberos/binding';
import { GssError } from '../../../electron/engine/kerberos/gss-error';
import { classify } from '../../../electron/engine/diagnose/classify';
import type { Evidence } from '../../../electron/engine/diagnose/evidence';
import { apReq, krb5Token, ntlm, OIDS, spnegoInit } from '../krb-wire/token-fixtures';

const TARGET = { host: 'sqlmi1.zone.database.windows.net', port: 1433 };
const SPN = 'MSSQLSvc/sqlmi1.zone.database.windows.net:1433';
const sp = { host: TARGET.host, port: TARGET.port, spn: SPN };
const krbToken = krb5Token(
  0x0100,
  apReq({ realm: 'KERBEROS.MICROSOFTONLINE.COM', sname: ['MSSQLSvc', 'sqlmi1.zone.database.windows.net:1433'] }),
);
const ntlmToken = spnegoInit([OIDS.ntlm], ntlm(1));

function sspiFailure(text: string): GssError {
  return new GssError('GSS_FAILURE', { rawMessage: text, call: 'step', stage: 'tgs', provider: 'sspi', spn: SPN });
}

/** Contexts by package: what Negotiate (spnego) and Kerberos (krb5) give back, and which were asked. */
function packages(answers: { negotiate: Buffer | Error; kerberos: Buffer | Error }) {
  const asked: string[] = [];
  const createContext: NonNullable<AcquireOptions['createContext']> = async (_t, o) => {
    const pkg = o.mechanism === 'krb5' ? 'kerberos' : 'negotiate';
    asked.push(pkg);
    const answer = answers[pkg];
    return {
      principal: sp,
      step: async () => {
        if (answer instanceof Error) throw answer;
        return answer;
      },
    } as unknown as BindingSecurityContext;
  };
  return { asked, options: { platform: 'win32' as const, createContext } };
}

const codeOf = (err: unknown) => classify((err as { evidence?: Evidence[] }).evidence ?? []).code;

test('Negotiate with a Kerberos ticket is used as it is: the Kerberos package is not asked', async () => {
  const p = packages({ negotiate: spnegoInit([OIDS.krb5], krbToken), kerberos: new Error('must not be asked') });
  const a = await acquireInitialToken(TARGET, p.options);
  assert.deepEqual(p.asked, ['negotiate']);
  assert.equal(a.inspection?.ntlmFallback, false);
});

test(
  'Negotiate falls back to NTLM, the Kerberos package says the target is unknown: SPN_UNKNOWN, not ' + 'NTLM_FALLBACK',
  async () => {
    const p = packages({
      negotiate: ntlmToken,
      kerberos: sspiFailure('InitializeSecurityContext: The specified target is unknown or unreachable.'),
    });
    const err = await acquireInitialToken(TARGET, p.options).then(
      () => null,
      (e: unknown) => e,
    );
    assert.deepEqual(p.asked, ['negotiate', 'kerberos']);
    assert.equal(codeOf(err), 'SPN_UNKNOWN');
  },
);

test('Negotiate falls back to NTLM, the Kerberos package gives no readable reason: NTLM_FALLBACK stays', async () => {
  const p = packages({ negotiate: ntlmToken, kerberos: sspiFailure('InitializeSecurityContext: ') });
  const err = await acquireInitialToken(TARGET, p.options).then(
    () => null,
    (e: unknown) => e,
  );
  assert.equal(codeOf(err), 'NTLM_FALLBACK');
});

test('Negotiate falls back to NTLM but the Kerberos package gets a ticket: its token is used', async () => {
  const p = packages({ negotiate: ntlmToken, kerberos: krbToken });
  const a = await acquireInitialToken(TARGET, p.options);
  assert.equal(a.inspection?.ntlmFallback, false);
  assert.equal(a.inspection?.mechanism, 'krb5');
});

test('Negotiate fails outright: the Kerberos package status is the evidence (no credentials: NO_TGT)', async () => {
  const p = packages({
    negotiate: sspiFailure('InitializeSecurityContext: '),
    kerberos: sspiFailure(
      'AcquireCredentialsHandle: No credentials are available in the security package (0x8009030e)',
    ),
  });
  const err = await acquireInitialToken(TARGET, p.options).then(
    () => null,
    (e: unknown) => e,
  );
  assert.deepEqual(p.asked, ['negotiate', 'kerberos']);
  assert.equal(codeOf(err), 'NO_TGT');
});

test('off Windows, or with a mechanism asked for, there is exactly one attempt', async () => {
  const linux = packages({ negotiate: ntlmToken, kerberos: krbToken });
  await acquireInitialToken(TARGET, { ...linux.options, platform: 'linux' });
  assert.deepEqual(linux.asked, ['negotiate']);
  const chosen = packages({ negotiate: ntlmToken, kerberos: krbToken });
  await acquireInitialToken(TARGET, { ...chosen.options, mechanism: 'spnego' });
  assert.deepEqual(chosen.asked, ['negotiate']);
});
