// The hosts override named by KERBPROBE_HOSTS: `IP name...` lines, '#' comments. A test realm whose names
// are in no DNS writes one; a helpdesk can use one to pin a name while testing.
import { isIP } from 'node:net';
import { KerbProbeError } from '../errors';
import { readBoundedSync } from '../read-bounded';

export type HostsMap = Map<string, string[]>;

export function parseHostsText(text: string): HostsMap {
  const map: HostsMap = new Map();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (!ip || isIP(ip) === 0) continue;
    for (const name of names) {
      const key = name.toLowerCase().replace(/\.$/, '');
      const list = map.get(key) ?? [];
      if (!list.includes(ip)) list.push(ip);
      map.set(key, list);
    }
  }
  return map;
}

/** Read the override file; a configured file that cannot be read is an error, not a silent fallback. */
export function loadHostsOverride(path: string | undefined = process.env.KERBPROBE_HOSTS): HostsMap | null {
  if (!path) return null;
  let text: string;
  try {
    text = readBoundedSync(path, 'hostsFile', { what: `The hosts override ${path} (KERBPROBE_HOSTS)` }).toString(
      'utf8',
    );
  } catch (err) {
    if (err instanceof KerbProbeError && err.code === 'INPUT_TOO_LARGE') throw err;
    throw new KerbProbeError(
      'HOSTS_OVERRIDE_UNREADABLE',
      `The hosts override ${path} (KERBPROBE_HOSTS) cannot be read` +
        (err instanceof KerbProbeError ? `: ${err.message.replace(/^cannot read .*?: /, '')}.` : '.'),
      { cause: err },
    );
  }
  return parseHostsText(text);
}
