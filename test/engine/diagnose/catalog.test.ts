import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIAGNOSIS_CODES } from '../../../electron/contract/codes';
import { DiagnosisSchema } from '../../../electron/contract/report';
import { CATALOG, uncataloguedCodes } from '../../../electron/engine/diagnose/catalog';
import { diagnosisFor } from '../../../electron/engine/diagnose/classify';

test('every diagnosis code has a complete catalogue entry', () => {
  assert.deepEqual(uncataloguedCodes(), []);
  assert.deepEqual(Object.keys(CATALOG).sort(), [...DIAGNOSIS_CODES].sort(), 'no entry for a code that does not exist');
  for (const code of DIAGNOSIS_CODES) {
    const e = CATALOG[code];
    assert.ok(e.title.length >= 10 && e.title.length <= 80, `${code}: title is a short headline`);
    assert.ok(!/[.]$/.test(e.title), `${code}: title is a headline, not a sentence`);
    assert.ok(e.cause.length >= 120, `${code}: cause explains in plain words`);
    assert.ok(e.fixUser.length >= 40, `${code}: user fix`);
    assert.ok(e.fixHelpdesk.length >= 80, `${code}: helpdesk fix`);
    assert.notEqual(e.fixUser, e.fixHelpdesk, `${code}: two different audiences`);
    // Commands are quoted in pairs of backticks so reports can render them as code.
    for (const t of [e.cause, e.fixUser, e.fixHelpdesk])
      assert.equal((t.match(/`/g) ?? []).length % 2, 0, `${code}: balanced backticks`);
  }
});

test('every diagnosis built from the catalogue satisfies the contract', () => {
  for (const code of DIAGNOSIS_CODES) {
    const d = diagnosisFor(code, ['an evidence line']);
    assert.deepEqual(DiagnosisSchema.parse(d), d);
    assert.equal(d.title, CATALOG[code].title);
  }
});

test('cause texts avoid jargon a user has never seen, or explain it where it first appears', () => {
  // A user-facing cause may name "TGT" or "SPN" only next to what it is.
  for (const code of DIAGNOSIS_CODES) {
    const cause = CATALOG[code].cause;
    if (/\bTGT\b/.test(cause))
      assert.match(cause, /ticket-granting ticket|\(a "cloud TGT"\)|TGT\)/, `${code}: TGT explained`);
    if (/\bSPN\b/.test(cause)) assert.match(cause, /service name \(SPN\)|\(SPN\)/, `${code}: SPN explained`);
  }
});

test('helpdesk fixes carry the concrete commands Microsoft documents', () => {
  const want: [keyof typeof CATALOG, RegExp][] = [
    ['TGT_EXPIRED', /`klist purge`/],
    ['CLOCK_SKEW', /`w32tm \/resync`/],
    ['CLOUD_TGT_MISSING', /`dsregcmd \/RefreshPrt`/],
    ['CLOUD_KERBEROS_POLICY_OFF', /CloudKerberosTicketRetrievalEnabled/],
    ['CLOUD_KDC_UNREACHABLE', /`netsh winhttp reset proxy`/],
    ['CLOUD_KDC_UNREACHABLE', /0x51f/],
    ['LOGIN_NOT_MAPPED', /CREATE LOGIN \[user@contoso\.com\] FROM EXTERNAL PROVIDER/],
    ['REDIRECT_BLOCKED', /11000–11999/],
    ['REDIRECT_BLOCKED', /Proxy/],
    ['SPN_UNKNOWN', /0x6fb/],
    ['CONDITIONAL_ACCESS', /0x52f/],
    ['ETYPE_UNSUPPORTED', /0x80090342/],
    ['NO_CROSS_REALM_TRUST', /-SetupCloudTrust/],
    ['NTLM_FALLBACK', /auth_scheme/],
  ];
  for (const [code, re] of want) assert.match(CATALOG[code].fixHelpdesk, re, code);
});

// The texts corrected against Microsoft's pages (cited beside each entry in catalog.ts).
test("catalogue texts agree with Microsoft's documentation where an earlier text contradicted it", () => {
  const c = CATALOG;
  // Rotating the cloud trust's key: -SetupCloudTrust with -RotateServerKey; hours to propagate; once per 24 h
  // without -Force.
  assert.match(c.TRUST_KEY_MISMATCH.fixHelpdesk, /-SetupCloudTrust -RotateServerKey/);
  assert.match(c.TRUST_KEY_MISMATCH.fixHelpdesk, /several hours to propagate/);
  assert.match(c.TRUST_KEY_MISMATCH.fixHelpdesk, /once in 24 hours[^.]*`-Force`/);
  // OnPremTgt is the cloud Kerberos trust's ticket, never evidence of the trust-based flow; the lines exist from 21H2.
  for (const code of ['NO_TGT', 'NTLM_FALLBACK'] as const) {
    const t = c[code].fixHelpdesk;
    assert.doesNotMatch(t, /OnPremTgt : YES[^.]*trust-based/i, `${code}: OnPremTgt is not the trust flow's evidence`);
    assert.match(t, /21H2/, `${code}: the dsregcmd Kerberos lines exist only from Windows 11 21H2`);
    assert.match(t, /krbtgt\/<AD DOMAIN>/, `${code}: the trust flow shows as a DC-issued TGT in klist`);
  }
  // A cloud TGT cannot be renewed: sign out and in; lock/unlock may not help.
  assert.match(c.TGT_EXPIRED.cause, /cannot be renewed/);
  assert.match(c.TGT_EXPIRED.fixUser, /^Sign out of Windows and sign in again/);
  assert.match(c.TGT_EXPIRED.fixUser, /may not bring a new ticket from Microsoft Entra ID/);
  assert.match(c.TGT_EXPIRED.fixHelpdesk, /does not support TGT renewal/);
  // The KDC proxy policy matters in both flows; a network change clears the cached proxy configuration.
  assert.match(c.CLOUD_KDC_UNREACHABLE.fixHelpdesk, /matters in both flows/);
  assert.match(c.CLOUD_KDC_UNREACHABLE.cause, /network change/);
  assert.doesNotMatch(c.CLOUD_KDC_UNREACHABLE.fixHelpdesk, /Trust-based flow: check the Group Policy/);
  // KDC_ERR_POLICY from Entra is not documented as Conditional Access: its own code says what is known.
  assert.match(c.CLOUD_KDC_POLICY.cause, /does not document/);
  assert.match(c.CLOUD_KDC_POLICY.fixHelpdesk, /0x52f/);
  assert.doesNotMatch(c.CLOUD_KDC_POLICY.title, /Conditional Access/);
});
