// A fake MS-KKDCP proxy: HTTPS on 127.0.0.1 with the certificate the test gives; each request's whole
// body goes to the test's handler. The URL names `localhost`, so the certificate must cover it.
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type ProxyHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export interface FakeKdcProxy {
  /** https://localhost:PORT/KdcProxy */
  url: string;
  close(): Promise<void>;
}

export async function startFakeKdcProxy(
  tls: { key: string; cert: string },
  handler: ProxyHandler,
): Promise<FakeKdcProxy> {
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `https://localhost:${(server.address() as { port: number }).port}/KdcProxy`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
