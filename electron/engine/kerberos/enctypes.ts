// Kerberos encryption type numbers (IANA registry) and the names MIT `klist -e` prints.
const NAMES: Record<number, string> = {
  1: 'des-cbc-crc',
  3: 'des-cbc-md5',
  16: 'des3-cbc-sha1',
  17: 'aes128-cts-hmac-sha1-96',
  18: 'aes256-cts-hmac-sha1-96',
  19: 'aes128-cts-hmac-sha256-128',
  20: 'aes256-cts-hmac-sha384-192',
  23: 'arcfour-hmac',
  24: 'arcfour-hmac-exp',
  25: 'camellia128-cts-cmac',
  26: 'camellia256-cts-cmac',
};

export function enctypeName(etype: number): string {
  return NAMES[etype] ?? `etype-${etype}`;
}

/** Enctypes that are weak or deprecated: worth a warning wherever they show up. */
export function isWeakEnctype(etype: number): boolean {
  return etype === 1 || etype === 3 || etype === 16 || etype === 23 || etype === 24;
}

/** What our probes offer in an AS-REQ: everything a KDC could answer with, strongest first. */
export const PROBE_ENCTYPES = [18, 17, 20, 19, 23];
