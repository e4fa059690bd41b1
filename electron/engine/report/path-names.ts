// File paths, whole, as redaction reads them. A path is a name of its own (a user folder says whose machine it
// is): `/home/John Smith/Kerb Conf/krb5.conf` and `C:\Users\José María García\…` are one name each, never cut
// at the first space. Two readers: the fields that say they hold paths (the environment step's words), read
// whole; and the free-text net for a path anywhere else, which takes spaces inside folder names.

/** A credential cache's type prefix (MIT: FILE, DIR, KEYRING, KCM, MEMORY, API; Windows: MSLSA); not a drive. */
const CACHE_TYPE = /^(?:FILE|DIR|KEYRING|KCM|MEMORY|API|MSLSA):(?=.)/i;

/** What a check prints for "none" (engine/check/hops/environment.ts): not a path. */
const NOT_A_PATH = /^\(.*\)$|^none found$/i;

/**
 * The environment step's words that name paths (engine/check/hops/environment.ts, net/realm-probe.ts): the value
 * after each label is a path or a list of them, up to the label's end.
 */
const PATH_FIELDS: { label: RegExp; kind: 'list' | 'cache' }[] = [
  { label: /^KRB5_CONFIG=(.+)$/, kind: 'list' },
  { label: /^KRB5CCNAME=(.+)$/, kind: 'cache' },
  { label: /\bkrb5\.conf: (.+?)(?:; ticket cache: |\)\.?$|$)/, kind: 'list' },
  { label: /; ticket cache: (.+)$/, kind: 'cache' },
];

/** The residual of a cache name (`FILE:/tmp/x` → `/tmp/x`), or the path itself. */
const withoutCacheType = (name: string): string => name.replace(CACHE_TYPE, '');

/** A list of config files: `, `-joined in the step's detail, `:`-joined before a `/` in KRB5_CONFIG (POSIX). */
const splitList = (list: string): string[] => list.split(/, |;|:(?=\/)/);

/** Every path the fields that hold paths name in this text, whole. */
export function pathsInFields(text: string): string[] {
  const out: string[] = [];
  for (const field of PATH_FIELDS) {
    const value = field.label.exec(text)?.[1]?.trim();
    if (!value) continue;
    // Several caches are `; `-joined, each with its type.
    const paths = field.kind === 'cache' ? value.split(/; (?=[A-Z]+:)/).map(withoutCacheType) : splitList(value);
    for (const path of paths.map((p) => p.trim())) if (path && !NOT_A_PATH.test(path)) out.push(path);
  }
  return out;
}

/** A folder or file name of words separated by single spaces (`John Smith`, `Kerb Conf`). */
const words = (char: string): string => `${char}+(?: ${char}+)*`;
const WIN_CHAR = String.raw`[^\s\\/;,'"()<>|*?:]`;
const POSIX_CHAR = String.raw`[^\s/;,'"()<>|]`;
/** Not glued to a word, a path or a URL. */
const START = String.raw`(?<![A-Za-z0-9_.\/\\-])`;
/**
 * The last name of a path: one word, or up to three words ending in a file extension (`cc ache.txt`); prose
 * after a path (`… krb5.conf and then`) is not taken.
 */
const last = (char: string): string =>
  String.raw`(?:${char}+(?: ${char}+){1,2}\.[A-Za-z0-9]{1,8}(?![^\s;,'"()<>|])|${char}+)`;
/** Folders then a last name, or a last name alone (`C:\krb5.ini`). */
const WIN_NAMES = `(?:(?:${words(WIN_CHAR)}\\\\)+(?:${last(WIN_CHAR)})?|${last(WIN_CHAR)})`;

/**
 * A file path in free text: a Windows drive or UNC path, or a Unix path of two or more segments, starting
 * at a word boundary (not inside krbtgt/REALM, MSSQLSvc/host or a URL's path). Folder names may hold spaces
 * (a folder is followed by its separator); credential-cache names (FILE:, DIR:) keep their type; KEYRING: and
 * KCM: names carry a uid.
 */
export const PATH_IN_TEXT = new RegExp(
  [
    // A Windows path: a drive (C:\) or a UNC share (\\server), not glued to a word.
    String.raw`${START}(?:[A-Za-z]:\\|\\\\)${WIN_NAMES}`,
    // A Unix path of two segments or more, not a URL's //.
    String.raw`${START}\/(?!\/)(?:${words(POSIX_CHAR)}\/)+(?:${last(POSIX_CHAR)})?`,
    // The name after KEYRING: or KCM: (it carries a uid).
    String.raw`(?<=\b(?:KEYRING|KCM):)[^\s;,'"()<>|]+`,
  ].join('|'),
  'g',
);
