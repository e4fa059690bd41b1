// A delaying relay: distance on loopback, where this kernel has no netem. It listens on one address and
// forwards to the peer, holding every TCP chunk and every UDP datagram for half the round-trip time in each
// direction. The kernel completes a TCP handshake with the relay at once, so the handshake a real network
// would charge (SYN out, SYN-ACK back: one round trip before the client's first byte can leave) is charged
// by holding a new connection's first upstream bytes until one further round trip after the accept.
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';

export interface RelayRoute {
  /** What the relay is in front of, for its log: `user-kdc`, `cloud-kdc`, `kdc-proxy`, `sql`... */
  peer: string;
  /** Where clients connect: the peer's port on another loopback address (the SPN and TLS name keep). */
  listenHost: string;
  /** Where the peer listens. */
  targetHost: string;
  port: number;
  rttMs: number;
  /** A KDC answers on UDP too; a TDS server or a KDC proxy does not. */
  udp: boolean;
}

export interface RunningRelay {
  route: RelayRoute;
  close(): Promise<void>;
}

/**
 * One item the relay let through (a TCP chunk, a connection's end, a UDP datagram), for measuring a run: which
 * connection, which way, when it came in, when it was due out and when it went (all `performance.timeOrigin`-based
 * epoch milliseconds, comparable across processes). `released - due` is the relay's own lateness.
 */
export interface RelayTraceEvent {
  peer: string;
  /** The connection's number within the relay (UDP: the client's session). */
  conn: number;
  proto: 'tcp' | 'udp';
  /** `up`: client → peer; `down`: peer → client. */
  dir: 'up' | 'down';
  what: 'data' | 'end';
  bytes: number;
  arrived: number;
  due: number;
  released: number;
}

export type RelayTracer = (event: RelayTraceEvent) => void;

const epochMs = (monotonic: number) => performance.timeOrigin + monotonic;
let connections = 0;

/** A UDP client's own socket to the peer is dropped after this long without traffic. */
const UDP_SESSION_IDLE_MS = 60_000;

type Release = () => void;

/**
 * One direction of one connection: items leave in the order they came, each no earlier than its own due
 * time. Due times only grow, so one timer for the head of the queue is enough.
 */
class DelayLine {
  private readonly queue: { due: number; release: Release }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastDue = 0;

  push(due: number, release: Release): void {
    this.lastDue = Math.max(this.lastDue, due);
    this.queue.push({ due: this.lastDue, release });
    if (!this.timer) this.arm();
  }

  clear(): void {
    this.queue.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    const head = this.queue[0];
    if (!head) {
      this.timer = null;
      return;
    }
    this.timer = setTimeout(() => this.drain(), Math.max(0, head.due - performance.now()));
  }

  private drain(): void {
    const now = performance.now();
    while (this.queue.length && this.queue[0]!.due <= now + 0.5) this.queue.shift()!.release();
    this.arm();
  }
}

/** Wraps RELEASE so the tracer (if any) sees when it went against when it came in and was due. */
function traced(
  tracer: RelayTracer | undefined,
  event: Omit<RelayTraceEvent, 'arrived' | 'due' | 'released'>,
  due: number,
  release: Release,
): [number, Release] {
  if (!tracer) return [due, release];
  const arrived = performance.now();
  return [
    due,
    () => {
      const released = performance.now();
      release();
      tracer({ ...event, arrived: epochMs(arrived), due: epochMs(due), released: epochMs(released) });
    },
  ];
}

function relayConnection(client: Socket, route: RelayRoute, tracer?: RelayTracer): void {
  const half = route.rttMs / 2;
  const accepted = performance.now();
  const conn = ++connections;
  const item = (dir: 'up' | 'down', what: 'data' | 'end', bytes: number) =>
    ({ peer: route.peer, conn, proto: 'tcp', dir, what, bytes }) as const;
  // The client could not have sent before its SYN-ACK came back: one round trip after the accept.
  const earliestSend = accepted + route.rttMs;
  const upDue = () => Math.max(performance.now(), earliestSend) + half;
  const upstream = netConnect({ host: route.targetHost, port: route.port, noDelay: true });
  const toPeer = new DelayLine();
  const toClient = new DelayLine();
  client.setNoDelay(true);
  const closeBoth = () => {
    toPeer.clear();
    toClient.clear();
    client.destroy();
    upstream.destroy();
  };
  client.on('data', (chunk: Buffer) =>
    toPeer.push(...traced(tracer, item('up', 'data', chunk.length), upDue(), () => upstream.write(chunk))),
  );
  client.on('end', () => toPeer.push(...traced(tracer, item('up', 'end', 0), upDue(), () => upstream.end())));
  upstream.on('data', (chunk: Buffer) =>
    toClient.push(
      ...traced(tracer, item('down', 'data', chunk.length), performance.now() + half, () => client.write(chunk)),
    ),
  );
  upstream.on('end', () =>
    toClient.push(...traced(tracer, item('down', 'end', 0), performance.now() + half, () => client.end())),
  );
  // A reset or a refused connect reaches the other side as a reset, half a round trip later.
  client.on('error', () => toPeer.push(performance.now() + half, closeBoth));
  upstream.on('error', () => toClient.push(performance.now() + half, closeBoth));
  client.on('close', () => toPeer.push(performance.now() + half, () => upstream.destroySoon()));
  upstream.on('close', () => toClient.push(performance.now() + half, () => client.destroySoon()));
}

function listenTcp(route: RelayRoute, tracer?: RelayTracer): Promise<{ server: Server; open: Set<Socket> }> {
  const open = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    relayConnection(client, route, tracer);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: route.listenHost, port: route.port, exclusive: true }, () => {
      server.off('error', reject);
      resolve({ server, open });
    });
  });
}

/** Each client address gets its own socket to the peer, so replies find their way back. */
async function listenUdp(route: RelayRoute, tracer?: RelayTracer): Promise<{ close(): void }> {
  const half = route.rttMs / 2;
  const sessionIds = new Map<string, number>();
  const item = (client: RemoteInfo, dir: 'up' | 'down', bytes: number) => {
    const key = `${client.address}:${client.port}`;
    if (!sessionIds.has(key)) sessionIds.set(key, ++connections);
    return { peer: route.peer, conn: sessionIds.get(key)!, proto: 'udp', dir, what: 'data', bytes } as const;
  };
  const front = createSocket('udp4');
  const sessions = new Map<string, { socket: UdpSocket; idle: NodeJS.Timeout }>();
  const toPeer = new DelayLine();
  const toClient = new DelayLine();
  const sessionFor = (client: RemoteInfo) => {
    const key = `${client.address}:${client.port}`;
    let session = sessions.get(key);
    if (session) session.idle.refresh();
    else {
      const socket = createSocket('udp4');
      socket.on('error', () => undefined);
      socket.on('message', (reply) =>
        toClient.push(
          ...traced(tracer, item(client, 'down', reply.length), performance.now() + half, () =>
            front.send(reply, client.port, client.address),
          ),
        ),
      );
      const idle = setTimeout(() => {
        sessions.delete(key);
        socket.close();
      }, UDP_SESSION_IDLE_MS);
      session = { socket, idle };
      sessions.set(key, session);
    }
    return session.socket;
  };
  front.on('message', (datagram, client) => {
    const socket = sessionFor(client);
    toPeer.push(
      ...traced(tracer, item(client, 'up', datagram.length), performance.now() + half, () => {
        try {
          socket.send(datagram, route.port, route.targetHost);
        } catch {
          // The session expired meanwhile: the datagram is lost, as on a network.
        }
      }),
    );
  });
  front.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind({ address: route.listenHost, port: route.port, exclusive: true }, () => {
      front.off('error', reject);
      resolve();
    });
  });
  return {
    close() {
      toPeer.clear();
      toClient.clear();
      for (const { socket, idle } of sessions.values()) {
        clearTimeout(idle);
        socket.close();
      }
      front.close();
    },
  };
}

/** Starts one route's listeners (TCP, and UDP when asked) in this process; TRACER sees every item let through. */
export async function startRelay(route: RelayRoute, tracer?: RelayTracer): Promise<RunningRelay> {
  const tcp = await listenTcp(route, tracer);
  let udp: { close(): void } | null = null;
  try {
    if (route.udp) udp = await listenUdp(route, tracer);
  } catch (err) {
    tcp.server.close();
    throw err;
  }
  return {
    route,
    close: () =>
      new Promise<void>((resolve) => {
        udp?.close();
        tcp.server.close(() => resolve());
        // Connections still open are not waited for: a relay that stops takes its connections with it.
        for (const client of tcp.open) client.destroy();
      }),
  };
}
