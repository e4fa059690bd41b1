// Enctype names as klist, Heimdal and Windows print them, normalised to MIT's names (the number → name
// table itself lives in ../krb-wire/enctypes).
import { enctypeName, isMitEnctypeName } from '../krb-wire/enctypes';

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
  // Windows prints DES as `Kerberos DES-CBC-CRC` (a real paste:
  // test/fixtures/real/klist/klist-en-service-ticket-only-des-session.txt).
  const t = text
    .trim()
    .replace(/^DEPRECATED:/i, '')
    .replace(/^Kerberos\s+(?=DES)/i, '');
  if (t === '' || /^unknown\b/i.test(t)) return null;
  const lower = t.toLowerCase();
  const alias = ALIASES.get(lower);
  if (alias) return alias;
  if (isMitEnctypeName(lower)) return lower;
  const num = /^(?:etype|unknown-enctype\(|unknown\()\s*(-?\d+)\)?$/i.exec(t);
  if (num?.[1]) return enctypeName(Number(num[1]));
  return lower;
}

export function isRc4(name: string | null): boolean {
  return name !== null && name.startsWith('arcfour-hmac');
}

/** DES and 3DES: removed from current Windows and MIT defaults. */
export function isLegacyDes(name: string | null): boolean {
  return name !== null && name.startsWith('des');
}
