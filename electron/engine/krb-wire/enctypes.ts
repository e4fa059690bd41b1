// Kerberos encryption type numbers (IANA registry) and their names. Names are the ones MIT's klist prints
// (the first name in MIT's enctype table), so a ticket from any source reads the same way.
const MIT_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'des-cbc-crc'],
  [2, 'des-cbc-md4'],
  [3, 'des-cbc-md5'],
  [5, 'des3-cbc-sha'],
  [7, 'des3-cbc-sha1-kd'],
  [16, 'des3-cbc-sha1'],
  [17, 'aes128-cts-hmac-sha1-96'],
  [18, 'aes256-cts-hmac-sha1-96'],
  [19, 'aes128-cts-hmac-sha256-128'],
  [20, 'aes256-cts-hmac-sha384-192'],
  [23, 'arcfour-hmac'],
  [24, 'arcfour-hmac-exp'],
  [25, 'camellia128-cts-cmac'],
  [26, 'camellia256-cts-cmac'],
]);

/** MIT's spelling for an enctype number; `etype N` (as MIT klist prints) when the number is unknown. */
export function enctypeName(n: number): string {
  return MIT_NAMES.get(n) ?? `etype ${n}`;
}

/** True for a name in MIT's table (lower case, as `enctypeName` returns it). */
export function isMitEnctypeName(name: string): boolean {
  for (const known of MIT_NAMES.values()) if (known === name) return true;
  return false;
}

/** What our probes offer in an AS-REQ: everything a KDC could answer with, strongest first. */
export const PROBE_ENCTYPES = [18, 17, 20, 19, 23];
