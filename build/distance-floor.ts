// The floor of a healthy check at a distance: the round trips the protocols themselves put on the critical path,
// counted from the protocols (not from KerbProbe's code), times each peer's round-trip time. Used by
// build/bench-distance.ts beside the measured figures.
//
// Kerberos (RFC 4120 §7.2.2: over TCP each message is length-prefixed on a connection of its own; the lab's and
// Windows' clients use TCP for tickets with a PAC): a TGS exchange is the TCP handshake plus one round trip.
// The trust flow needs two exchanges in sequence — the referral TGT krbtgt/<cloud realm>@<AD realm> from the
// on-premises KDC, then the service ticket from the cloud KDC with it (RFC 4120 §1.2, cross-realm) — the modern
// flow one (the cloud TGT is already in the cache). Through a KDC proxy (MS-KKDCP: the KDC message in an
// HTTP POST over TLS) the cloud exchange is the TCP handshake, the TLS handshake (RFC 8446 TLS 1.3: one round
// trip; RFC 5246 TLS 1.2: two) and the POST.
//
// SQL (MS-TDS): TCP; TDS 7.4 — PRELOGIN (one round trip), then TLS carried in PRELOGIN packets (the lab's server,
// like SQL Server for TDS 7.x, negotiates TLS 1.2: two round trips), or TDS 8.0 strict — TLS first (1.3: one),
// then PRELOGIN inside it; then LOGIN7 carrying the AP-REQ, answered in one message with the AP-REP (0xED) and
// LOGINACK (one round trip with SSPI/Kerberos); then the verification query (one). Only LOGIN7
// needs the ticket: everything before it overlaps the Kerberos exchanges.
//
// Beside the protocol's floor, KerbProbe's own: its schedule asks each KDC on the path once (an AS-REQ answered
// with a KRB-ERROR; through the KDC proxy the same in a POST) before the native acquisition starts, because a native
// call left waiting on a silent KDC cannot be stopped and holds the process's exit (electron/engine/check/hops/
// kerberos.ts). Those probes run in parallel and sit in front of the Kerberos exchanges: where the Kerberos side
// was the shorter one by more than the probes, they cost nothing.

export type FloorPeer = 'user-kdc' | 'cloud-kdc' | 'kdc-proxy' | 'sql';
export type FloorRtt = Record<FloorPeer, number>;
export type TlsVersion = '1.2' | '1.3';

export interface FloorFlow {
  /** trust: referral + service ticket; modern: the cloud TGT is cached, the service ticket only. */
  kind: 'trust' | 'modern';
  /** The cloud KDC directly, or through the KDC proxy (MS-KKDCP). */
  cloud: 'direct' | 'kdc-proxy';
  /** The TLS version the KDC proxy negotiates. */
  proxyTls: TlsVersion;
  /** TDS 7.4 (TLS inside PRELOGIN) or 8.0 strict (TLS first), and the TLS version the SQL server negotiates. */
  tds: '7.4' | '8.0';
  sqlTls: TlsVersion;
}

export interface FloorHop {
  /** What the round trips are for. */
  hop: string;
  peer: FloorPeer;
  roundTrips: number;
  ms: number;
}

export interface Floor {
  /** KerbProbe's probes of the KDCs on the path (in parallel), before the acquisition. */
  probes: FloorHop[];
  /** The Kerberos exchanges, one after the other. */
  kerberos: FloorHop[];
  /** The SQL connection up to LOGIN7: needs no ticket, runs beside the Kerberos exchanges. */
  sqlBeforeToken: FloorHop[];
  /** LOGIN7 (needs the ticket) and what follows it. */
  sqlAfterToken: FloorHop[];
  kerberosMs: number;
  sqlBeforeTokenMs: number;
  /** max(Kerberos, SQL before the token) + SQL after it: the least time a healthy check can take. */
  floorMs: number;
  /** The longest probe: what asking each KDC first adds in front of the Kerberos exchanges. */
  probesMs: number;
  /** max(probes + Kerberos, SQL before the token) + SQL after it: the least time KerbProbe's schedule can take. */
  scheduleFloorMs: number;
}

const tlsRoundTrips = (version: TlsVersion) => (version === '1.3' ? 1 : 2);

function hop(name: string, peer: FloorPeer, roundTrips: number, rtt: FloorRtt): FloorHop {
  return { hop: name, peer, roundTrips, ms: roundTrips * rtt[peer] };
}

/** What each KDC on the path is asked, named per peer: the user's KDC (a trust), then the cloud KDC or its proxy. */
interface KdcHopNames {
  userKdc: string;
  cloudKdc: string;
  proxy: (tls: TlsVersion) => string;
}

/** One TCP + request/answer with each KDC on the path; through the proxy TCP + TLS + POST. */
function perKdc(flow: FloorFlow, rtt: FloorRtt, names: KdcHopNames): FloorHop[] {
  const hops: FloorHop[] = [];
  if (flow.kind === 'trust') hops.push(hop(names.userKdc, 'user-kdc', 2, rtt));
  if (flow.cloud === 'direct') hops.push(hop(names.cloudKdc, 'cloud-kdc', 2, rtt));
  else hops.push(hop(names.proxy(flow.proxyTls), 'kdc-proxy', 2 + tlsRoundTrips(flow.proxyTls), rtt));
  return hops;
}

function kerberosExchanges(flow: FloorFlow, rtt: FloorRtt): FloorHop[] {
  return perKdc(flow, rtt, {
    userKdc: 'referral TGT (TCP + TGS)',
    cloudKdc: 'service ticket (TCP + TGS)',
    proxy: (tls) => `service ticket via KDC proxy (TCP + TLS ${tls} + POST)`,
  });
}

/** One AS exchange with each KDC on the path: TCP + AS-REQ/KRB-ERROR, through the proxy TCP + TLS + POST. */
function kdcProbes(flow: FloorFlow, rtt: FloorRtt): FloorHop[] {
  const probe = 'probe: AS-REQ → KRB-ERROR (TCP + AS)';
  return perKdc(flow, rtt, {
    userKdc: probe,
    cloudKdc: probe,
    proxy: (tls) => `probe via KDC proxy (TCP + TLS ${tls} + POST)`,
  });
}

function sqlBeforeLogin(flow: FloorFlow, rtt: FloorRtt): FloorHop[] {
  const tls = hop(`TLS ${flow.sqlTls} handshake`, 'sql', tlsRoundTrips(flow.sqlTls), rtt);
  const prelogin = hop('PRELOGIN', 'sql', 1, rtt);
  return [hop('TCP', 'sql', 1, rtt), ...(flow.tds === '8.0' ? [tls, prelogin] : [prelogin, tls])];
}

const total = (hops: FloorHop[]) => hops.reduce((sum, h) => sum + h.ms, 0);

export function distanceFloor(flow: FloorFlow, rtt: FloorRtt): Floor {
  const kerberos = kerberosExchanges(flow, rtt);
  const sqlBeforeToken = sqlBeforeLogin(flow, rtt);
  const sqlAfterToken = [
    hop('LOGIN7 (AP-REQ) → AP-REP + LOGINACK', 'sql', 1, rtt),
    hop('verification query', 'sql', 1, rtt),
  ];
  const kerberosMs = total(kerberos);
  const sqlBeforeTokenMs = total(sqlBeforeToken);
  const probes = kdcProbes(flow, rtt);
  const probesMs = Math.max(0, ...probes.map((h) => h.ms));
  return {
    probes,
    kerberos,
    sqlBeforeToken,
    sqlAfterToken,
    kerberosMs,
    sqlBeforeTokenMs,
    floorMs: Math.max(kerberosMs, sqlBeforeTokenMs) + total(sqlAfterToken),
    probesMs,
    scheduleFloorMs: Math.max(probesMs + kerberosMs, sqlBeforeTokenMs) + total(sqlAfterToken),
  };
}

/** One line per hop: `peer  round trips × RTT = ms  what`. */
export function describeFloor(floor: Floor): string[] {
  const line = (h: FloorHop) => `${h.peer.padEnd(9)} ${h.roundTrips} × RTT = ${String(h.ms).padStart(4)} ms  ${h.hop}`;
  return [
    ...floor.kerberos.map((h) => `kerberos  ${line(h)}`),
    ...floor.sqlBeforeToken.map((h) => `sql ‖     ${line(h)}`),
    ...floor.sqlAfterToken.map((h) => `sql →     ${line(h)}`),
    `floor = max(${floor.kerberosMs}, ${floor.sqlBeforeTokenMs}) + after the token = ${floor.floorMs} ms`,
    ...floor.probes.map((h) => `probe ‖   ${line(h)}`),
    `with the probes first: max(${floor.probesMs} + ${floor.kerberosMs}, ${floor.sqlBeforeTokenMs}) + after the ` +
      `token = ${floor.scheduleFloorMs} ms`,
  ];
}
