// Table-driven: real messages → stable codes. MIT strings are exactly as MIT krb5 1.20 prints them
// (captured from kinit, kvno and the GSSAPI binding against a throwaway KDC); Windows strings follow the
// klist / SSPI / SQL Server outputs of the reference samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DiagnosisCode } from '../../../electron/contract/codes';
import { analyzeEvidence, classify, classifyOne } from '../../../electron/engine/diagnose/classify';
import { describeEvidence, type Evidence } from '../../../electron/engine/diagnose/evidence';

const CLOUD = 'KERBEROS.MICROSOFTONLINE.COM';
const USER = 'CONTOSO.TEST';

const cases: [string, Evidence, DiagnosisCode][] = [
  // --- MIT / GSSAPI ---
  [
    'kvno: unknown SPN',
    {
      kind: 'gss',
      stage: 'tgs',
      text: 'kvno: Server MSSQLSvc/nothere:1433@CONTOSO.TEST not found in Kerberos database while getting credentials for MSSQLSvc/nothere:1433@CONTOSO.TEST',
    },
    'SPN_UNKNOWN',
  ],
  [
    'GSS: unknown SPN',
    {
      kind: 'gss',
      stage: 'tgs',
      text: 'Unspecified GSS failure.  Minor code may provide more information: Server MSSQLSvc/nothere.contoso.test:1433@CONTOSO.TEST not found in Kerberos database',
    },
    'SPN_UNKNOWN',
  ],
  [
    'GSS: no referral krbtgt',
    {
      kind: 'gss',
      stage: 'tgs',
      text: 'Unspecified GSS failure.  Minor code may provide more information: Server krbtgt/KERBEROS.MICROSOFTONLINE.COM@CONTOSO.TEST not found in Kerberos database',
    },
    'NO_CROSS_REALM_TRUST',
  ],
  [
    'kvno: no referral krbtgt',
    {
      kind: 'gss',
      stage: 'tgs',
      text: 'kvno: Server krbtgt/KERBEROS.MICROSOFTONLINE.COM@CONTOSO.TEST not found in Kerberos database while getting credentials for MSSQLSvc/sqlmi1.abc.database.windows.net:1433@KERBEROS.MICROSOFTONLINE.COM',
    },
    'NO_CROSS_REALM_TRUST',
  ],
  [
    'kinit: unknown client',
    {
      kind: 'gss',
      stage: 'as',
      text: "kinit: Client 'nobody@CONTOSO.TEST' not found in Kerberos database while getting initial credentials",
    },
    'USER_UNKNOWN',
  ],
  [
    'kinit: wrong password',
    { kind: 'gss', stage: 'as', text: 'kinit: Password incorrect while getting initial credentials' },
    'PASSWORD_STALE',
  ],
  [
    'MIT preauth failed',
    { kind: 'gss', stage: 'as', text: 'kinit: Preauthentication failed while getting initial credentials' },
    'PASSWORD_STALE',
  ],
  [
    'GSS: the Entra KDC refuses by policy (not documented as Conditional Access)',
    {
      kind: 'gss',
      stage: 'tgs',
      realm: 'KERBEROS.MICROSOFTONLINE.COM',
      text: 'Unspecified GSS failure.  Minor code may provide more information: KDC policy rejects request',
    },
    'CLOUD_KDC_POLICY',
  ],
  [
    'kinit: cloud KDC down',
    {
      kind: 'gss',
      stage: 'as',
      text: "kinit: Cannot contact any KDC for realm 'KERBEROS.MICROSOFTONLINE.COM' while getting initial credentials",
    },
    'CLOUD_KDC_UNREACHABLE',
  ],
  [
    'kinit: user KDC down',
    {
      kind: 'gss',
      stage: 'as',
      userRealm: USER,
      text: "kinit: Cannot contact any KDC for realm 'CONTOSO.TEST' while getting initial credentials",
    },
    'KDC_UNREACHABLE',
  ],
  [
    'GSS: cloud KDC down during TGS',
    {
      kind: 'gss',
      stage: 'tgs',
      userRealm: USER,
      text: "Unspecified GSS failure.  Minor code may provide more information: Cannot contact any KDC for realm 'KERBEROS.MICROSOFTONLINE.COM'",
    },
    'CLOUD_KDC_UNREACHABLE',
  ],
  [
    'kinit: no KDC configured',
    {
      kind: 'gss',
      stage: 'as',
      text: 'kinit: Cannot find KDC for realm "EXAMPLE.TEST" while getting initial credentials',
    },
    'KDC_UNREACHABLE',
  ],
  [
    'kvno: no cache',
    {
      kind: 'gss',
      stage: 'tgs',
      text: 'kvno: No credentials cache found (filename: /tmp/krb5cc_0) while getting client principal name',
    },
    'NO_TGT',
  ],
  [
    'GSS: no credentials',
    {
      kind: 'gss',
      stage: 'tgs',
      text: 'No credentials were supplied, or the credentials were unavailable or inaccessible: No Kerberos credentials available (default cache: FILE:/tmp/krb5cc_1000)',
    },
    'NO_TGT',
  ],
  [
    'kvno: TGT expired',
    {
      kind: 'gss',
      stage: 'tgs',
      text: 'kvno: Ticket expired while getting credentials for MSSQLSvc/sql.contoso.test:1433@CONTOSO.TEST',
    },
    'TGT_EXPIRED',
  ],
  [
    'kvno: etype',
    {
      kind: 'gss',
      stage: 'tgs',
      text: 'kvno: KDC has no support for encryption type while getting credentials for MSSQLSvc/sql.contoso.test:1433@CONTOSO.TEST',
    },
    'ETYPE_UNSUPPORTED',
  ],
  [
    'GSS: clock skew',
    {
      kind: 'gss',
      stage: 'ap',
      text: 'Unspecified GSS failure.  Minor code may provide more information: Clock skew too great',
    },
    'CLOCK_SKEW',
  ],
  [
    'TGS integrity with a referral TGT',
    {
      kind: 'gss',
      stage: 'tgs',
      realm: CLOUD,
      userRealm: USER,
      referral: true,
      text: 'Unspecified GSS failure.  Minor code may provide more information: Decrypt integrity check failed',
    },
    'TRUST_KEY_MISMATCH',
  ],
  [
    'TGS modified with a referral TGT',
    {
      kind: 'gss',
      stage: 'tgs',
      referral: true,
      text: 'kvno: Message stream modified while getting credentials for MSSQLSvc/sqlmi1.abc.database.windows.net:1433@KERBEROS.MICROSOFTONLINE.COM',
    },
    'TRUST_KEY_MISMATCH',
  ],
  [
    'server cannot decrypt (same kvno, wrong key)',
    {
      kind: 'gss',
      stage: 'ap',
      text: 'Unspecified GSS failure.  Minor code may provide more information: Request ticket server MSSQLSvc/sql.contoso.test:1433@CONTOSO.TEST kvno 3 enctype aes256-cts found in keytab but cannot decrypt ticket',
    },
    'SERVICE_KEY_MISMATCH',
  ],
  [
    'server keytab out of date',
    {
      kind: 'gss',
      stage: 'ap',
      text: 'Unspecified GSS failure.  Minor code may provide more information: Request ticket server MSSQLSvc/sql.contoso.test:1433@CONTOSO.TEST kvno 3 not found in keytab; keytab is likely out of date',
    },
    'SERVICE_KEY_MISMATCH',
  ],
  [
    'server rejects AP-REQ integrity',
    {
      kind: 'gss',
      stage: 'ap',
      text: 'Unspecified GSS failure.  Minor code may provide more information: Decrypt integrity check failed',
    },
    'SERVICE_KEY_MISMATCH',
  ],
  [
    'GSS: mutual auth',
    {
      kind: 'gss',
      stage: 'ap',
      text: 'Unspecified GSS failure.  Minor code may provide more information: Mutual authentication failed',
    },
    'MUTUAL_AUTH_FAILED',
  ],
  [
    'GSS: garbage token',
    { kind: 'gss', stage: 'ap', text: 'Invalid token was supplied: Unknown error' },
    'PROTOCOL_ERROR',
  ],
  // --- Windows: klist get substatus and NTSTATUS (numbers, language-independent) ---
  [
    'klist get 0x6fb',
    { kind: 'klist-substatus', hex: '0x6fb', target: 'MSSQLSvc/sqlmi1.abc123def456.database.windows.net:1433' },
    'SPN_UNKNOWN',
  ],
  [
    'klist get 0x6fb for the referral: the trust is missing',
    { kind: 'klist-substatus', hex: '0x6fb', target: 'krbtgt/KERBEROS.MICROSOFTONLINE.COM', userRealm: 'CONTOSO.COM' },
    'NO_CROSS_REALM_TRUST',
  ],
  [
    'NTSTATUS 0xc000018b for the referral',
    { kind: 'ntstatus', hex: '0xc000018b', target: 'krbtgt/KERBEROS.MICROSOFTONLINE.COM' },
    'NO_CROSS_REALM_TRUST',
  ],
  ['NTSTATUS 0xc000018b', { kind: 'ntstatus', hex: '0xc000018b/-1073741429' }, 'SPN_UNKNOWN'],
  [
    'klist get 0x51f for the MI SPN',
    { kind: 'klist-substatus', hex: '0x51f', target: 'MSSQLSvc/sqlmi1.abc123def456.database.windows.net:1433' },
    'CLOUD_KDC_UNREACHABLE',
  ],
  ['NTSTATUS 0xc000005e, no target', { kind: 'ntstatus', hex: '0xc000005e/-1073741730' }, 'CLOUD_KDC_UNREACHABLE'],
  [
    'klist get 0x51f for the user TGT',
    { kind: 'klist-substatus', hex: '0x51f', target: 'krbtgt/CONTOSO.COM', userRealm: 'CONTOSO.COM' },
    'KDC_UNREACHABLE',
  ],
  [
    'klist get 0x52f',
    { kind: 'klist-substatus', hex: '0x52f', target: 'MSSQLSvc/sqlmi1.abc123def456.database.windows.net:1433' },
    'CONDITIONAL_ACCESS',
  ],
  ['NTSTATUS 0xc000006e', { kind: 'ntstatus', hex: '0xC000006E' }, 'CONDITIONAL_ACCESS'],
  ['klist get 0x80090342', { kind: 'klist-substatus', hex: '0x80090342' }, 'ETYPE_UNSUPPORTED'],
  ['NTSTATUS 0xc00002fd', { kind: 'ntstatus', hex: '0xc00002fd/-1073741059' }, 'ETYPE_UNSUPPORTED'],
  ['klist tgt 0x8009030e', { kind: 'ntstatus', hex: '0x8009030e/-2146893042' }, 'NO_TGT'],
  // --- SSPI ---
  ['SSPI status SEC_E_TARGET_UNKNOWN', { kind: 'sspi', status: 0x80090303 }, 'SPN_UNKNOWN'],
  ['SSPI signed decimal SEC_E_NO_CREDENTIALS', { kind: 'sspi', status: -2146893042 }, 'NO_TGT'],
  ['SSPI SEC_E_TIME_SKEW', { kind: 'sspi', status: '0x80090324' }, 'CLOCK_SKEW'],
  ['SSPI SEC_E_NO_AUTHENTICATING_AUTHORITY', { kind: 'sspi', status: 0x80090311 }, 'CLOUD_KDC_UNREACHABLE'],
  [
    'SSPI SEC_E_WRONG_PRINCIPAL from Kerberos',
    { kind: 'sspi', status: 0x80090322, provider: 'kerberos' },
    'SERVICE_KEY_MISMATCH',
  ],
  ['SSPI SEC_E_WRONG_PRINCIPAL from SSL', { kind: 'sspi', status: 0x80090322, provider: 'ssl' }, 'TLS_NAME_MISMATCH'],
  ['SSPI SEC_E_LOGON_DENIED at the server', { kind: 'sspi', status: 0x8009030c, stage: 'ap' }, 'SERVICE_KEY_MISMATCH'],
  [
    'SSPI text only (binding message)',
    { kind: 'sspi', text: 'InitializeSecurityContext: The specified target is unknown or unreachable.' },
    'SPN_UNKNOWN',
  ],
  [
    'SSPI text only: no credentials',
    { kind: 'sspi', text: 'AcquireCredentialsHandle: No credentials are available in the security package' },
    'NO_TGT',
  ],
  // --- KDC error numbers ---
  ['KDC 6', { kind: 'kdc-error', code: 6 }, 'USER_UNKNOWN'],
  [
    'KDC 7 for the SPN',
    {
      kind: 'kdc-error',
      code: 7,
      server: 'MSSQLSvc/sqlmi1.abc.database.windows.net:1433@KERBEROS.MICROSOFTONLINE.COM',
    },
    'SPN_UNKNOWN',
  ],
  [
    'KDC 7 for the referral',
    { kind: 'kdc-error', code: 7, server: 'krbtgt/KERBEROS.MICROSOFTONLINE.COM@CONTOSO.COM' },
    'NO_CROSS_REALM_TRUST',
  ],
  [
    'KDC 12 from the Entra KDC (not documented as Conditional Access)',
    { kind: 'kdc-error', code: 12, realm: CLOUD },
    'CLOUD_KDC_POLICY',
  ],
  ['KDC 12 from a domain controller', { kind: 'kdc-error', code: 12, realm: 'CONTOSO.COM' }, 'UNKNOWN'],
  ['KDC 14', { kind: 'kdc-error', code: 14 }, 'ETYPE_UNSUPPORTED'],
  ['KDC 24', { kind: 'kdc-error', code: 24, stage: 'as' }, 'PASSWORD_STALE'],
  [
    'KDC 31 at TGS in the cloud realm with referral',
    { kind: 'kdc-error', code: 31, stage: 'tgs', realm: CLOUD, referral: true },
    'TRUST_KEY_MISMATCH',
  ],
  ['KDC 31 at AP', { kind: 'kdc-error', code: 31, stage: 'ap' }, 'SERVICE_KEY_MISMATCH'],
  ['KDC 32', { kind: 'kdc-error', code: 32, stage: 'tgs' }, 'TGT_EXPIRED'],
  ['KDC 37', { kind: 'kdc-error', code: 37 }, 'CLOCK_SKEW'],
  ['KDC 41 at TGS with referral', { kind: 'kdc-error', code: 41, stage: 'tgs', referral: true }, 'TRUST_KEY_MISMATCH'],
  ['KDC 41 at AP', { kind: 'kdc-error', code: 41, stage: 'ap' }, 'SERVICE_KEY_MISMATCH'],
  // --- SQL ---
  [
    'SQL 18452',
    {
      kind: 'sql-error',
      number: 18452,
      message: 'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.',
    },
    'NTLM_FALLBACK',
  ],
  [
    'SQL 18456',
    { kind: 'sql-error', number: 18456, message: "Login failed for user 'alice@contoso.com'." },
    'LOGIN_NOT_MAPPED',
  ],
  [
    'SQL 17806',
    {
      kind: 'sql-error',
      number: 17806,
      message:
        'SSPI handshake failed with error code 0x8009030c, state 14 while establishing a connection with integrated security; the connection has been closed.',
    },
    'SERVICE_KEY_MISMATCH',
  ],
  [
    'SQL 4060',
    {
      kind: 'sql-error',
      number: 4060,
      message: 'Cannot open database "Sales" requested by the login. The login failed.',
    },
    'LOGIN_NOT_MAPPED',
  ],
  // --- TLS / sockets ---
  ['TLS untrusted leaf', { kind: 'tls', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, 'TLS_UNTRUSTED'],
  ['TLS self-signed in chain', { kind: 'tls', code: 'SELF_SIGNED_CERT_IN_CHAIN' }, 'TLS_UNTRUSTED'],
  ['TLS expired', { kind: 'tls', code: 'CERT_HAS_EXPIRED' }, 'TLS_UNTRUSTED'],
  [
    'TLS altname',
    { kind: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" },
    'TLS_NAME_MISMATCH',
  ],
  [
    'SQL refused',
    { kind: 'socket', code: 'ECONNREFUSED', stage: 'sql', host: 'sqlmi1.abc.database.windows.net', port: 1433 },
    'SQL_UNREACHABLE',
  ],
  ['SQL timeout', { kind: 'socket', code: 'ETIMEDOUT', stage: 'sql' }, 'SQL_UNREACHABLE'],
  ['SQL name not found', { kind: 'socket', code: 'ENOTFOUND', stage: 'sql', host: 'nothing.invalid' }, 'DNS_FAILURE'],
  ['DNS EAI_AGAIN', { kind: 'socket', code: 'EAI_AGAIN', stage: 'dns' }, 'DNS_FAILURE'],
  ['user KDC refused', { kind: 'socket', code: 'ECONNREFUSED', stage: 'kdc', realm: USER }, 'KDC_UNREACHABLE'],
  ['KDC proxy timeout', { kind: 'socket', code: 'ETIMEDOUT', stage: 'kdc-proxy' }, 'CLOUD_KDC_UNREACHABLE'],
  ['redirect refused', { kind: 'socket', code: 'ECONNREFUSED', stage: 'redirect', port: 11003 }, 'REDIRECT_BLOCKED'],
  [
    'KDC proxy answers HTML',
    { kind: 'kdc-proxy', httpStatus: 200, detail: 'text/html reply' },
    'CLOUD_KDC_UNREACHABLE',
  ],
  // --- token, session, state ---
  ['NTLMSSP token', { kind: 'token', mechanism: 'ntlm', detail: 'NTLMSSP NEGOTIATE' }, 'NTLM_FALLBACK'],
  ['auth_scheme NTLM', { kind: 'auth-scheme', scheme: 'NTLM' }, 'NTLM_FALLBACK'],
  [
    'no mutual auth',
    { kind: 'mutual-auth', verified: false, detail: 'no AP-REP in the 0xED reply' },
    'MUTUAL_AUTH_FAILED',
  ],
  ['TGT missing', { kind: 'tgt', state: 'missing' }, 'NO_TGT'],
  ['TGT expired', { kind: 'tgt', state: 'expired', end: '2026-11-25T17:58:02Z' }, 'TGT_EXPIRED'],
  ['clock 9 minutes off', { kind: 'clock', skewSeconds: -540, against: 'CONTOSO.TEST KDC' }, 'CLOCK_SKEW'],
  ['TDS garbage', { kind: 'protocol', detail: 'truncated 0xED token' }, 'PROTOCOL_ERROR'],
  // --- pasted text: numbers first, localized text second ---
  [
    'klist get, English',
    {
      kind: 'text',
      text: 'klist failed with 0xc00002fd/-1073741059: The encryption type requested is not supported by the KDC.',
    },
    'ETYPE_UNSUPPORTED',
  ],
  [
    'klist get, Spanish (numbers still work)',
    {
      kind: 'text',
      text: 'klist ha fallado con 0xc000018b/-1073741429: La base de datos SAM del servidor de Windows no tiene una cuenta de equipo.',
    },
    'SPN_UNKNOWN',
  ],
  [
    'klist tgt no credentials',
    {
      kind: 'text',
      text: 'klist failed with 0x8009030e/-2146893042: No credentials are available in the security package',
    },
    'NO_TGT',
  ],
  [
    'SQL client SSL provider name mismatch',
    {
      kind: 'text',
      text: 'A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: SSL Provider, error: 0 - The target principal name is incorrect.)',
    },
    'TLS_NAME_MISMATCH',
  ],
  [
    'SQL client: cannot generate SSPI context',
    { kind: 'text', text: 'The target principal name is incorrect.  Cannot generate SSPI context.' },
    'SERVICE_KEY_MISMATCH',
  ],
];

for (const [name, evidence, code] of cases) {
  test(`classifies: ${name} → ${code}`, () => {
    const d = classify([evidence]);
    assert.equal(d.code, code, d.evidence.join('\n'));
    assert.ok(d.evidence.length >= 1, 'carries the evidence that led to it');
  });
}

test('evidence lines say when a match relied on English text, and not when a number decided', () => {
  const byText = classify([
    { kind: 'sspi', text: 'InitializeSecurityContext: The specified target is unknown or unreachable.' },
  ]);
  assert.match(byText.evidence[0] ?? '', /matched on English text/);
  const byNumber = classify([
    {
      kind: 'text',
      text: 'klist failed with 0xc00002fd/-1073741059: The encryption type requested is not supported by the KDC.',
    },
  ]);
  assert.doesNotMatch(byNumber.evidence[0] ?? '', /matched on English text/);
  assert.match(byNumber.evidence[0] ?? '', /STATUS_KDC_UNKNOWN_ETYPE/);
});

test('0x6fb explains the misleading SAM text klist prints', () => {
  const d = classify([{ kind: 'klist-substatus', hex: '0x6fb' }]);
  assert.match(d.evidence.join(' '), /misleading/);
});

test('unknown evidence → UNKNOWN with the raw evidence, and no secret bytes', () => {
  const keyHex = '5c 19 a0 77 e2 3b 41 d8 90 0f 6e 2a b7 c4 18 93 fe 02 6d 5a 11 8c 47 e9 3d b0 72 64 af 19 c8 05';
  const d = classify([{ kind: 'text', text: `Something odd happened. Session Key: KeyLength 32 - ${keyHex}` }]);
  assert.equal(d.code, 'UNKNOWN');
  assert.match(d.evidence.join(' '), /Something odd happened/);
  assert.ok(!d.evidence.join(' ').includes('5c 19 a0 77'), 'key bytes removed');
  const blob =
    'YIIGKgYJKoZIhvcSAQICAQBuggYZMIIGFaADAgEFoQMCAQ6iBwMFACAAAACjggRdYYIEWTCCBFWgAwIBBaEOGwxDT05UT1NPLlRFU1Si';
  const d2 = classify([{ kind: 'gss', stage: 'ap', text: `weird ${blob}` }]);
  assert.ok(!d2.evidence.join(' ').includes(blob.slice(0, 30)), 'token bytes removed');
  assert.equal(classify([]).code, 'UNKNOWN');
});

test('KDC error 25 (pre-authentication required) proves a live KDC, not a failure', () => {
  const a = analyzeEvidence([{ kind: 'kdc-error', code: 25, stage: 'as' }]);
  assert.equal(a.diagnosis, null);
  assert.equal(a.matches[0]?.role, 'info');
});

test('18452 is a service key problem when the token sent was Kerberos, NTLM fallback when it was NTLMSSP', () => {
  const sql: Evidence = {
    kind: 'sql-error',
    number: 18452,
    message: 'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.',
  };
  assert.equal(classify([{ kind: 'token', mechanism: 'spnego' }, sql]).code, 'SERVICE_KEY_MISMATCH');
  assert.equal(classify([{ kind: 'token', mechanism: 'ntlm' }, sql]).code, 'NTLM_FALLBACK');
  assert.equal(classify([sql]).code, 'NTLM_FALLBACK');
});

test('configuration facts: cloud TGT NO + policy 0 → CLOUD_KERBEROS_POLICY_OFF; policy 1 + no TGT → CLOUD_TGT_MISSING', () => {
  const dsreg: Evidence = {
    kind: 'dsregcmd',
    azureAdJoined: true,
    domainJoined: false,
    azureAdPrt: true,
    cloudTgt: false,
    onPremTgt: false,
  };
  const off: Evidence = { kind: 'cloud-debug', policyEnabled: false, cloudTgtAvailable: false };
  const on: Evidence = { kind: 'cloud-debug', policyEnabled: true, cloudTgtAvailable: false };
  const symptom: Evidence = { kind: 'tgt', state: 'missing' };
  const d = classify([dsreg, off, symptom]);
  assert.equal(d.code, 'CLOUD_KERBEROS_POLICY_OFF');
  assert.ok(
    d.evidence.some((l) => /Cloud Kerberos enabled by policy: 0/.test(l)),
    'the fact is in the evidence',
  );
  assert.ok(
    d.evidence.some((l) => /TGT missing/.test(l)),
    'so is the symptom',
  );
  assert.equal(classify([dsreg, on, symptom]).code, 'CLOUD_TGT_MISSING');
  // Only the facts (the helpdesk pasted dsregcmd and cloud_debug): still a diagnosis.
  assert.equal(classify([dsreg, off]).code, 'CLOUD_KERBEROS_POLICY_OFF');
});

test('configuration facts do not override an unrelated failure, nor apply to the trust flow', () => {
  const off: Evidence = { kind: 'cloud-debug', policyEnabled: false, cloudTgtAvailable: false };
  assert.equal(classify([off, { kind: 'socket', code: 'ECONNREFUSED', stage: 'sql' }]).code, 'SQL_UNREACHABLE');
  const hybrid: Evidence = {
    kind: 'dsregcmd',
    azureAdJoined: true,
    domainJoined: true,
    azureAdPrt: true,
    cloudTgt: false,
    onPremTgt: true,
  };
  assert.equal(
    analyzeEvidence([hybrid, off]).diagnosis,
    null,
    'domain joined: the facts alone are no failure (the trust flow needs no policy)',
  );
  const dcTgt: Evidence = { kind: 'dc-tgt', realm: 'CONTOSO.COM', kdcCalled: 'DC01.contoso.com' };
  assert.equal(
    classify([hybrid, off, dcTgt, { kind: 'klist-substatus', hex: '0x6fb' }]).code,
    'SPN_UNKNOWN',
    'trust flow evidenced by the DC-issued TGT',
  );
  // A domain-joined device with no ticket at all: the missing DC TGT is the basic failure, not the cloud one.
  const on: Evidence = { kind: 'cloud-debug', policyEnabled: true, cloudTgtAvailable: false };
  assert.equal(classify([{ ...hybrid, onPremTgt: false }, on, { kind: 'tgt', state: 'missing' }]).code, 'NO_TGT');
});

test('OnPremTgt YES alone does not claim the trust flow (it is a cloud Kerberos trust ticket for on-premises resources)', () => {
  const entraOnly: Evidence = {
    kind: 'dsregcmd',
    azureAdJoined: true,
    domainJoined: false,
    azureAdPrt: true,
    cloudTgt: false,
    onPremTgt: true,
  };
  const spn: Evidence = { kind: 'klist-substatus', hex: '0x6fb' };
  assert.equal(
    classify([entraOnly, spn]).code,
    'CLOUD_TGT_MISSING',
    'no cloud TGT and no DC-issued TGT: the cloud ticket explains it',
  );
  // The trust flow's evidence: a DC-issued TGT on a domain-joined device.
  const hybrid: Evidence = { ...entraOnly, domainJoined: true };
  assert.equal(classify([hybrid, { kind: 'dc-tgt', realm: 'CONTOSO.COM' }, spn]).code, 'SPN_UNKNOWN');
  // A DC TGT on a device that says it is not domain joined does not evidence the flow.
  assert.equal(classify([entraOnly, { kind: 'dc-tgt', realm: 'CONTOSO.COM' }, spn]).code, 'CLOUD_TGT_MISSING');
});

test('CloudTgt absent (a build before Windows 11 21H2) is not NO: no CLOUD_TGT_MISSING from it', () => {
  const old: Evidence = {
    kind: 'dsregcmd',
    azureAdJoined: true,
    domainJoined: false,
    azureAdPrt: true,
    cloudTgt: null,
    onPremTgt: null,
  };
  assert.equal(analyzeEvidence([old]).diagnosis, null);
  assert.equal(classify([old, { kind: 'tgt', state: 'missing' }]).code, 'NO_TGT');
  const no: Evidence = { ...old, cloudTgt: false, onPremTgt: false };
  assert.equal(classify([no, { kind: 'tgt', state: 'missing' }]).code, 'CLOUD_TGT_MISSING');
  assert.match(describeEvidence(old), /CloudTgt not printed by this Windows build, OnPremTgt not printed/);
});

test('CLOUD_TGT_MISSING says the policy was shown enabled only when it was, and never claims it otherwise', () => {
  const no: Evidence = {
    kind: 'dsregcmd',
    azureAdJoined: true,
    domainJoined: false,
    azureAdPrt: true,
    cloudTgt: false,
    onPremTgt: false,
  };
  const plain = classify([no]);
  assert.equal(plain.code, 'CLOUD_TGT_MISSING');
  assert.ok(
    plain.evidence.some((l) => /nothing shown says whether the cloud Kerberos policy is enabled/.test(l)),
    plain.evidence.join('\n'),
  );
  assert.doesNotMatch(plain.cause, /policy that allows this is on/i);
  const shown = classify([no, { kind: 'cloud-debug', policyEnabled: true, cloudTgtAvailable: false }]);
  assert.equal(shown.code, 'CLOUD_TGT_MISSING');
  assert.ok(
    shown.evidence.some((l) =>
      /policy is shown enabled \(klist cloud_debug: "Cloud Kerberos enabled by policy: 1"\)/.test(l),
    ),
  );
  // cloud_debug's "Cloud Primary (Hybrid logon) TGT available: 0" is cloud Kerberos trust's ticket: not the
  // modern flow's.
  assert.equal(
    analyzeEvidence([{ kind: 'cloud-debug', policyEnabled: true, cloudTgtAvailable: false }]).diagnosis,
    null,
  );
});

test('root cause wins over the last symptom', () => {
  // The clock is off; the server then refuses the AP-REQ and SQL says 18452.
  const d = classify([
    { kind: 'clock', skewSeconds: 900, against: 'CONTOSO.TEST KDC' },
    {
      kind: 'gss',
      stage: 'ap',
      text: 'Unspecified GSS failure.  Minor code may provide more information: Decrypt integrity check failed',
    },
    {
      kind: 'sql-error',
      number: 18452,
      message: 'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.',
    },
  ]);
  assert.equal(d.code, 'CLOCK_SKEW');
  assert.ok(
    d.evidence.some((l) => l.startsWith('also seen (')),
    'the symptoms are kept as secondary evidence',
  );
  // A name that does not resolve explains the unreachable server.
  assert.equal(
    classify([
      { kind: 'socket', code: 'ETIMEDOUT', stage: 'sql' },
      { kind: 'socket', code: 'ENOTFOUND', stage: 'dns' },
    ]).code,
    'DNS_FAILURE',
  );
});

test('classifyOne never throws on odd input', () => {
  const odd: Evidence[] = [
    { kind: 'klist-substatus', hex: 'zzz' },
    { kind: 'ntstatus', hex: '' },
    { kind: 'sspi' },
    { kind: 'sspi', status: 'nope' },
    { kind: 'kdc-error', code: -1 },
    { kind: 'kdc-error', code: Number.NaN },
    { kind: 'sql-error', number: 0, message: '' },
    { kind: 'tls', code: '' },
    { kind: 'text', text: '\u0000\u0001'.repeat(1000) },
    { kind: 'gss', stage: 'as', text: 'x'.repeat(100_000) },
  ];
  for (const e of odd) {
    const m = classifyOne(e);
    assert.ok(m.line.length <= 700, 'bounded line');
  }
  assert.equal(classify(odd).code, 'UNKNOWN');
});
