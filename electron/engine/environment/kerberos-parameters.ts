// The Kerberos client's settings in the two registry keys Microsoft documents (the policy key and the LSA key,
// windows-environment.ts CLOUD_KERBEROS_KEYS), as `reg query` prints them: the cloud ticket policy and the
// encryption types the client may use.
// SupportedEncryptionTypes bits ("Network security: Configure encryption types allowed for Kerberos"):
// https://learn.microsoft.com/en-us/windows/security/threat-protection/security-policy-settings/network-security-configure-encryption-types-allowed-for-kerberos
//   0x1 DES_CBC_CRC, 0x2 DES_CBC_MD5, 0x4 RC4_HMAC_MD5, 0x8 AES128_HMAC_SHA1, 0x10 AES256_HMAC_SHA1,
//   0x7FFFFFE0 future encryption types.
// Microsoft Entra Kerberos issues AES-256 tickets (what the ETYPE_UNSUPPORTED entry of diagnose/ says; real cloud
// tickets in klist carry AES-256-CTS-HMAC-SHA1-96). A client allowed no AES256 is said so, as a fact: from a
// registry value alone no failure was seen.
import { dword, type RegValue } from './reg-query';

const ETYPE_BITS: readonly [number, string][] = [
  [0x1, 'DES_CBC_CRC'],
  [0x2, 'DES_CBC_MD5'],
  [0x4, 'RC4_HMAC_MD5'],
  [0x8, 'AES128_HMAC_SHA1'],
  [0x10, 'AES256_HMAC_SHA1'],
];
const FUTURE = 0x7fffffe0;
const AES256 = 0x10;

/** The encryption types a SupportedEncryptionTypes value allows, by Microsoft's names. */
export function allowedEncryptionTypes(value: number): string[] {
  const named = ETYPE_BITS.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
  return (value & FUTURE) !== 0 ? [...named, 'future encryption types'] : named;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/** What a `reg query` of a Kerberos Parameters key says, one line each. */
export function kerberosParametersFacts(values: readonly RegValue[]): string[] {
  const cloud = dword(values, 'CloudKerberosTicketRetrievalEnabled');
  const facts = [
    cloud === null
      ? 'CloudKerberosTicketRetrievalEnabled not set at this key (the other documented key may set it; klist ' +
        'cloud_debug shows the effective value)'
      : `CloudKerberosTicketRetrievalEnabled = ${cloud} (the policy value; klist cloud_debug shows the effective one)`,
  ];
  const etypes = dword(values, 'SupportedEncryptionTypes');
  if (etypes !== null) {
    const allowed = allowedEncryptionTypes(etypes);
    facts.push(
      `SupportedEncryptionTypes = ${hex(etypes)}: ${allowed.join(', ') || 'none'} allowed` +
        ((etypes & AES256) === 0
          ? ' — AES256 not allowed: Microsoft Entra Kerberos tickets are AES-256, so this client cannot use them'
          : ' — AES256 allowed'),
    );
  }
  return facts;
}
