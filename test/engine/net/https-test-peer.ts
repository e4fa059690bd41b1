// A real HTTPS server on loopback with a throwaway test CA, for tests of what KerbProbe does with hostile
// HTTPS peers; closed when the test file ends.
import { after } from 'node:test';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCa, issueServerCert } from '../../../electron/lab/pki';

export async function startHttpsPeer(
  caName: string,
  handler: Parameters<typeof createServer>[1],
): Promise<{ base: string; caPem: string }> {
  const ca = await createCa(caName);
  const leaf = await issueServerCert(ca, {
    commonName: 'localhost',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
  });
  const server: Server = createServer({ cert: leaf.certPem, key: leaf.keyPem }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { base: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caPem: ca.certPem };
}
