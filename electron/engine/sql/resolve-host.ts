// Name → address for the SQL connection. The lab's names are not in DNS: a hosts file named by
// KERBPROBE_HOSTS (lines `ADDRESS NAME [NAME…]`, `#` comments, like /etc/hosts; or a JSON object
// {"name": "address"}) is consulted first, then the OS resolver. Routed names go through the same path.
import { readFile } from 'node:fs/promises';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { SqlProbeError } from './sql-errors';

export type ResolveHost = (host: string, signal: AbortSignal) => Promise<string>;

export function parseHostsText(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const obj: unknown = JSON.parse(trimmed);
    if (obj && typeof obj === 'object') {
      for (const [name, addr] of Object.entries(obj)) if (typeof addr === 'string' && isIP(addr)) map.set(name.toLowerCase(), addr);
    }
    return map;
  }
  for (const raw of text.split(/\r?\n/)) {
    const [addr, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (!addr || !isIP(addr)) continue;
    for (const n of names) if (n && !map.has(n.toLowerCase())) map.set(n.toLowerCase().replace(/\.$/, ''), addr);
  }
  return map;
}

export const resolveHost: ResolveHost = async (host, signal) => {
  if (isIP(host)) return host;
  const name = host.toLowerCase().replace(/\.$/, '');
  const file = process.env.KERBPROBE_HOSTS;
  if (file) {
    try {
      const hit = parseHostsText(await readFile(file, { encoding: 'utf8', signal })).get(name);
      if (hit) return hit;
    } catch (err) {
      if (signal.aborted) throw err;
      // An unreadable hosts file falls through to DNS; the DNS failure (if any) is the finding.
    }
  }
  signal.throwIfAborted();
  try {
    const lookedUp = lookup(name);
    lookedUp.catch(() => {});
    const { address } = await new Promise<{ address: string }>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      lookedUp.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
    return address;
  } catch (err) {
    if (signal.aborted) throw err;
    throw new SqlProbeError('DNS_FAILURE', `cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
};
