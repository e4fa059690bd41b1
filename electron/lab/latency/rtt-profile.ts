// `lab up --rtt user-kdc=2,cloud-kdc=30,kdc-proxy=30,sql=40`: the round-trip time, in milliseconds, between
// the lab user's machine and each peer. A peer named here gets a delaying relay in front of it (relay.ts).
import { KerbProbeError } from '../../engine/errors';

/**
 * The peers a client talks to: the on-premises KDC (the user's DC), Entra Kerberos' KDC, the KDC proxy
 * in front of it, and the SQL endpoint (the gateway and the node it routes to).
 */
export const RTT_PEERS = ['user-kdc', 'cloud-kdc', 'kdc-proxy', 'sql'] as const;
export type RttPeer = (typeof RTT_PEERS)[number];
export type RttProfile = Partial<Record<RttPeer, number>>;

/** Beyond this a "round trip" is no network but a fault; the lab refuses it. */
const MAX_RTT_MS = 10_000;

const isPeer = (name: string): name is RttPeer => (RTT_PEERS as readonly string[]).includes(name);

/** Reads `peer=ms,peer=ms`; `--rtt 30` alone gives every peer the same time. */
export function parseRttProfile(spec: string): RttProfile {
  const bad = (why: string) =>
    new KerbProbeError('LAB_BAD_RTT', `--rtt ${JSON.stringify(spec)}: ${why} (e.g. ${RTT_PEERS[0]}=2,sql=40)`);
  const profile: RttProfile = {};
  const readMs = (text: string): number => {
    if (!/^\d+(\.\d+)?$/.test(text)) throw bad(`"${text}" is not a number of milliseconds`);
    const ms = Number(text);
    if (ms > MAX_RTT_MS) throw bad(`${ms} ms is more than ${MAX_RTT_MS} ms`);
    return ms;
  };
  const parts = spec.split(',').map((part) => part.trim());
  if (parts.length === 1 && !parts[0]!.includes('=')) {
    const ms = readMs(parts[0]!);
    for (const peer of RTT_PEERS) profile[peer] = ms;
    return profile;
  }
  for (const part of parts) {
    const [name = '', value = '', extra] = part.split('=').map((s) => s.trim());
    if (extra !== undefined || !value) throw bad(`"${part}" is not peer=milliseconds`);
    if (!isPeer(name)) throw bad(`unknown peer "${name}" (peers: ${RTT_PEERS.join(', ')})`);
    if (profile[name] !== undefined) throw bad(`${name} is given twice`);
    profile[name] = readMs(value);
  }
  return profile;
}

/** The profile as `--rtt` takes it (the peers in their usual order). */
export function formatRttProfile(profile: RttProfile): string {
  return RTT_PEERS.flatMap((peer) => (profile[peer] === undefined ? [] : [`${peer}=${profile[peer]}`])).join(',');
}
