// Kerberos encryption type numbers and names. Names are the ones MIT's klist prints (the first name in
// MIT's enctype table), so a ticket from any source reads the same way.
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

// Windows klist prints its own spellings (also in localized builds); Heimdal uses a few aliases.
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['aes-256-cts-hmac-sha1-96', 'aes256-cts-hmac-sha1-96'],
  ['aes-128-cts-hmac-sha1-96', 'aes128-cts-hmac-sha1-96'],
  ['aes-128-cts-hmac-sha256-128', 'aes128-cts-hmac-sha256-128'],
  ['aes-256-cts-hmac-sha384-192', 'aes256-cts-hmac-sha384-192'],
  ['rsadsi rc4-hmac(nt)', 'arcfour-hmac'],
  ['rc4-hmac', 'arcfour-hmac'],
  ['arcfour-hmac-md5', 'arcfour-hmac'],
  ['rsadsi rc4-hmac(nt)-exp', 'arcfour-hmac-exp'],
  ['des-cbc-crc', 'des-cbc-crc'],
  ['des-cbc-md5', 'des-cbc-md5'],
  ['des3-cbc-sha1', 'des3-cbc-sha1'],
]);

/**
 * Normalises an enctype as some tool printed it to MIT's name. Returns null for "unknown" markers
 * (Windows prints `Unknown (-1)` for the cloud TGT, whose ticket it cannot decrypt).
 */
export function normalizeEnctype(text: string): string | null {
  const t = text.trim().replace(/^DEPRECATED:/i, '');
  if (t === '' || /^unknown\b/i.test(t)) return null;
  const lower = t.toLowerCase();
  const alias = ALIASES.get(lower);
  if (alias) return alias;
  for (const name of MIT_NAMES.values()) if (name === lower) return name;
  const num = /^(?:etype|unknown-enctype\(|unknown\()\s*(-?\d+)\)?$/i.exec(t);
  if (num?.[1]) return enctypeName(Number(num[1]));
  return lower;
}

export function isRc4(name: string | null): boolean {
  return name !== null && name.startsWith('arcfour-hmac');
}

export function isAes(name: string | null): boolean {
  return name !== null && name.startsWith('aes');
}

/** DES and 3DES: removed from current Windows and MIT defaults. */
export function isLegacyDes(name: string | null): boolean {
  return name !== null && name.startsWith('des');
}
