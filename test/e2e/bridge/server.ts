// A loopback HTTP server for the browser tests: serves dist/renderer with the app's CSP and implements the
// IPC contract by calling the same handlers (createIpcHandlers → engine-api) the main process uses.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security';
import { createIpcHandlers, dispatch } from '../../../electron/main/ipc-handlers';
import { StateStore } from '../../../electron/main/state-store';
import type { EngineApi } from '../../../electron/contract/engine';
import type { ProgressEvent } from '../../../electron/contract/ipc';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
};
const MAX_BODY = 12_000_000;

export interface Bridge {
  url: string;
  /** Where "Export…" saves (the save dialog's answer in the app). */
  exportsDir: string;
  /** The next "Open report…" answers with this path (the open dialog's answer in the app). */
  setOpenPath(path: string | null): void;
  /** The next Fleet "Open…" answers with these paths (the folder dialog's answer in the app). */
  setFleetPaths(paths: string[] | null): void;
  setConfirmPurge(answer: boolean): void;
  close(): Promise<void>;
}

export interface BridgeOptions {
  engine: EngineApi;
  rendererDir: string;
  workDir: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const exportsDir = join(opts.workDir, 'exports');
  await mkdir(exportsDir, { recursive: true });
  let openPath: string | null = null;
  let fleetPaths: string[] | null = null;
  let confirmPurge = false;
  const clients = new Set<ServerResponse>();
  const store = new StateStore(join(opts.workDir, 'state.json'));
  const handlers = createIpcHandlers({
    engine: opts.engine,
    dialogs: {
      confirmPurge: async () => confirmPurge,
      chooseSavePath: async (name) => join(exportsDir, name),
      chooseOpenPath: async () => openPath,
      chooseFleetPaths: async () => fleetPaths,
    },
    files: { read: (p) => readFile(p, 'utf8'), write: (p, text) => writeFile(p, text, { flag: 'wx' }) },
    state: { recentServers: () => store.recentServers(), rememberServer: (s) => store.rememberServer(s) },
    emitProgress: (e: ProgressEvent) => {
      for (const c of clients) c.write(`data: ${JSON.stringify(e)}\n\n`);
    },
  });

  const root = normalize(opts.rendererDir + sep);
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/bridge/events') {
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (url.pathname.startsWith('/bridge/ipc/') && req.method === 'POST') {
        const channel = decodeURIComponent(url.pathname.slice('/bridge/ipc/'.length));
        let payload: unknown;
        try {
          payload = JSON.parse(await readBody(req));
        } catch {
          payload = undefined;
        }
        // Same-origin requests from our page only: the bridge's equivalent of the main process's sender check.
        const trusted = req.headers.origin === undefined || req.headers.origin === `http://${req.headers.host}`;
        const result = await dispatch(handlers, channel, payload, trusted);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
        return;
      }
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = normalize(join(root, rel));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    exportsDir,
    setOpenPath: (p) => {
      openPath = p;
    },
    setFleetPaths: (p) => {
      fleetPaths = p;
    },
    setConfirmPurge: (a) => {
      confirmPurge = a;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
