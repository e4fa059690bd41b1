// The lab's TDS server: one TCP listener per configured endpoint (the gateway and, under the Redirect
// policy, a node), each with its own certificate and SPN. Tracks every socket so none outlives close(), and
// keeps within LAB_TDS_LIMITS: silent connections are closed (after 5 s, or first when the server is full).
import { createServer, type Server, type Socket } from 'node:net';
import { TdsConnection, secureContexts } from './tds-connection';
import { ServerLog } from './server-log';
import { LAB_TDS_LIMITS, type TdsServerConfig } from './server-config';

export interface RunningTdsServer {
  ports: number[];
  /** Open client sockets right now (all listeners). */
  openConnections(): number;
  close(): Promise<void>;
}

/**
 * Room for one more connection: below the limit, or after closing the connection that has waited longest
 * without a PRELOGIN. False when every open connection is past PRELOGIN (then the new one is refused).
 */
function makeRoom(connections: Set<TdsConnection>, open: number, limit: number): boolean {
  if (open < limit) return true;
  let oldest: TdsConnection | null = null;
  for (const connection of connections)
    if (connection.awaitingPrelogin() && (!oldest || connection.acceptedAt < oldest.acceptedAt)) oldest = connection;
  if (!oldest) return false;
  oldest.evict(open);
  return true;
}

export async function startTdsServer(config: TdsServerConfig): Promise<RunningTdsServer> {
  const log = new ServerLog(config.logFile);
  const sockets = new Set<Socket>();
  const connections = new Set<TdsConnection>();
  const limit = config.maxConnections ?? LAB_TDS_LIMITS.maxConnections;
  const servers: Server[] = [];
  let spid = 51;
  for (const listener of config.listeners) {
    const contexts = listener.behaviour === 'normal' ? secureContexts(listener) : null;
    const server = createServer((socket) => {
      if (!makeRoom(connections, sockets.size, limit)) {
        log.write(
          'Logon',
          `KerbProbe lab: ${sockets.size} connections open (the lab's limit), all past PRELOGIN; ` +
            `a new connection from ${socket.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown'} is refused.`,
        );
        socket.destroy();
        return;
      }
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      if (!contexts) {
        // Blackhole: TCP is accepted, every byte is swallowed, nothing ever comes back.
        socket.on('data', () => undefined);
        socket.on('error', () => socket.destroy());
        return;
      }
      const id = spid++;
      if (spid > 32000) spid = 51;
      try {
        const connection: TdsConnection = new TdsConnection(
          socket,
          { config, listener, log, spid: id, ...contexts },
          () => {
            sockets.delete(socket);
            connections.delete(connection);
          },
        );
        connections.add(connection);
      } catch (err) {
        log.write(
          'Logon',
          `KerbProbe lab: connection could not be set up (${err instanceof Error ? err.message : String(err)}); ` +
            'closed.',
        );
        socket.destroy();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: listener.host, port: listener.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    servers.push(server);
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : listener.port;
    log.write(
      'Server',
      `Server is listening on [ ${listener.host} <ipv4> ${port}] ` +
        `(${listener.role}${listener.behaviour === 'blackhole' ? ', blackhole' : ''}, ` +
        `SPN MSSQLSvc/${listener.fqdn}:${port}).`,
    );
  }
  return {
    ports: servers.map((s) => {
      const a = s.address();
      return typeof a === 'object' && a ? a.port : 0;
    }),
    openConnections: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
