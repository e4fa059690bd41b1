// The lab's TDS server: one TCP listener per configured endpoint (the gateway and, under the Redirect
// policy, a node), each with its own certificate and SPN. Tracks every socket so none outlives close().
import { createServer, type Server, type Socket } from 'node:net';
import { TdsConnection, secureContexts } from './tds-connection';
import { ServerLog } from './server-log';
import type { TdsServerConfig } from './server-config';

export interface RunningTdsServer {
  ports: number[];
  /** Open client sockets right now (all listeners). */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startTdsServer(config: TdsServerConfig): Promise<RunningTdsServer> {
  const log = new ServerLog(config.logFile);
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  let spid = 51;
  for (const listener of config.listeners) {
    const contexts = listener.behaviour === 'normal' ? secureContexts(listener) : null;
    const server = createServer((socket) => {
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
        new TdsConnection(socket, { config, listener, log, spid: id, ...contexts }, () => sockets.delete(socket));
      } catch (err) {
        log.write(
          'Logon',
          `KerbProbe lab: connection could not be set up (${err instanceof Error ? err.message : String(err)}); ` +
            'closed.',
        );
        socket.destroy();
      }
    });
    server.maxConnections = 256;
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
