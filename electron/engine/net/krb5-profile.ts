// Reads the krb5.conf in effect the way MIT's profile library does: KRB5_CONFIG may name several files
// (':'-separated; earlier files win), `include`/`includedir` pull in more, `[section]`, `name = value`
// and `name = { … }` blocks. We only need realms, KDC locations, proxy anchors and a few libdefaults.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KerbProbeError, ParseError } from '../errors';
import { READ_ERROR_CODES, readBoundedSync } from '../read-bounded';

/** section → (flattened relation path, e.g. `EXAMPLE.COM.kdc`) → values in file order. */
export type Profile = Map<string, Map<string, string[]>>;

const MAX_FILES = 32;

export function parseProfileText(text: string, into: Profile = new Map(), source = 'krb5.conf'): Profile {
  let section: string | null = null;
  const stack: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, lineIndex) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    if (line.startsWith('include ') || line.startsWith('includedir ') || line.startsWith('module ')) return;
    const sec = /^\[([^\]]+)\]\s*\*?$/.exec(line);
    if (sec) {
      section = sec[1]!.trim();
      stack.length = 0;
      if (!into.has(section)) into.set(section, new Map());
      return;
    }
    if (/^}\s*\*?$/.test(line)) {
      if (stack.length === 0)
        throw new ParseError('KRB5_CONF_MALFORMED', `${source}: unbalanced '}' on line ${lineIndex + 1}`);
      stack.pop();
      return;
    }
    const rel = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!rel || section === null)
      throw new ParseError('KRB5_CONF_MALFORMED', `${source}: cannot read line ${lineIndex + 1}`);
    const name = rel[1]!.replace(/\*$/, '').trim();
    const value = rel[2]!.trim();
    if (value === '{') {
      stack.push(name);
      if (stack.length > 8)
        throw new ParseError('KRB5_CONF_MALFORMED', `${source}: nesting too deep on line ${lineIndex + 1}`);
      return;
    }
    const key = [...stack, name].join('\u0000');
    const rels = into.get(section)!;
    const list = rels.get(key) ?? [];
    list.push(value.replace(/^"(.*)"$/, '$1'));
    rels.set(key, list);
  });
  if (stack.length) throw new ParseError('KRB5_CONF_MALFORMED', `${source}: unclosed '{'`);
  return into;
}

function includes(text: string): { file: string[]; dir: string[] } {
  const file: string[] = [];
  const dir: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(include|includedir)\s+(.+?)\s*$/.exec(raw);
    if (m) (m[1] === 'include' ? file : dir).push(m[2]!);
  }
  return { file, dir };
}

export function configFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const v = env.KRB5_CONFIG;
  return (v ? v.split(':') : ['/etc/krb5.conf']).filter(Boolean);
}

export interface LoadedProfile {
  profile: Profile;
  /** Files actually read, in order. */
  files: string[];
  /** Named files that exist but are not regular files (a FIFO, a device): MIT's library would block on them. */
  notRegular: string[];
}

/** Load every file of the configuration in effect; missing files are skipped, as MIT does. */
export function loadProfile(env: NodeJS.ProcessEnv = process.env): LoadedProfile {
  const profile: Profile = new Map();
  const files: string[] = [];
  const notRegular: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || seen.size >= MAX_FILES) return;
    seen.add(path);
    let text: string;
    try {
      // Missing, not a regular file, unreadable or over MAX_INPUT_BYTES.krb5Conf: skipped, as MIT skips what
      // it cannot read (a FIFO is opened non-blocking and refused, never waited on: read-bounded.ts).
      text = readBoundedSync(path, 'krb5Conf').toString('utf8');
    } catch (err) {
      if (err instanceof KerbProbeError && err.code === READ_ERROR_CODES.notAFile) notRegular.push(path);
      return;
    }
    files.push(path);
    parseProfileText(text, profile, path);
    const inc = includes(text);
    inc.file.forEach(visit);
    for (const includedDir of inc.dir) {
      let names: string[] = [];
      try {
        names = readdirSync(includedDir).sort();
      } catch {
        continue;
      }
      // MIT's includedir rule: names of letters, digits, '-' and '_' only, or ending in .conf.
      names.filter((n) => /^[\w-]+$/.test(n) || n.endsWith('.conf')).forEach((n) => visit(join(includedDir, n)));
    }
  };
  configFiles(env).forEach(visit);
  return { profile, files, notRegular };
}

export function getValues(p: Profile, section: string, ...path: string[]): string[] {
  return p.get(section)?.get(path.join('\u0000')) ?? [];
}

export function getValue(p: Profile, section: string, ...path: string[]): string | undefined {
  return getValues(p, section, ...path)[0];
}

/** MIT booleans: y, yes, true, t, 1, on (case-insensitive). */
export function profileBool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  return /^(y|yes|true|t|1|on)$/i.test(v.trim());
}

/** A delta time as MIT reads it: seconds, or `5m`, `1h30m`, `1d`, `h:m[:s]`. */
export function profileSeconds(v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const hms = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/.exec(s);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3] ?? 0);
  const re = /(\d+)\s*([dhms])/g;
  let total = 0;
  let matched = '';
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * { d: 86400, h: 3600, m: 60, s: 1 }[m[2] as 'd' | 'h' | 'm' | 's'];
    matched += m[0];
  }
  return matched.replace(/\s/g, '') === s.replace(/\s/g, '') && matched ? total : dflt;
}
