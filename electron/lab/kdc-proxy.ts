// An MS-KKDCP proxy (Kerberos over HTTPS, as login.microsoftonline.com/<tenant>/kerberos serves Entra):
// Debian's python3-kdcproxy WSGI application behind TLS with a certificate from the lab CA.
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KerbProbeError } from '../engine/errors';
import type { LabCa } from './pki';
import { issueServerCert } from './pki';
import type { LabProcess } from './lab-types';
import { logOffset, spawnDetached, waitForReady } from './processes';
import { baseEnv } from './realm';

// The TLS handshake runs in the request thread (finish_request), not in accept(): one client that
// connects and never speaks TLS must not stall the proxy for everyone else.
const PROXY_SCRIPT = `
import socketserver, ssl, sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer
import kdcproxy

port, certfile, keyfile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.minimum_version = ssl.TLSVersion.TLSv1_2
ctx.load_cert_chain(certfile, keyfile)

class Handler(WSGIRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("kdc-proxy: %s\\n" % (fmt % args))
        sys.stderr.flush()

class Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    def finish_request(self, request, client_address):
        try:
            request.settimeout(30)
            tls = ctx.wrap_socket(request, server_side=True)
        except ssl.SSLEOFError:
            return  # a port probe (lab up's readiness check): connected, closed, nothing to report
        except (OSError, ssl.SSLError) as e:
            sys.stderr.write("kdc-proxy: TLS handshake with %s failed: %s\\n" % (client_address[0], e))
            return
        self.RequestHandlerClass(tls, client_address, self)

server = Server(("127.0.0.1", port), Handler)
server.set_app(kdcproxy.application)
sys.stderr.write("kdc-proxy: listening on 127.0.0.1:%d\\n" % port)
sys.stderr.flush()
server.serve_forever()
`;

const PYTHON_CANDIDATES = ['/usr/bin/python3', '/usr/local/bin/python3'];

function findSystemPython(): string {
  // Debian's python3-kdcproxy lives in the system interpreter's dist-packages, not in a pyenv or venv.
  for (const p of PYTHON_CANDIDATES) {
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  throw new KerbProbeError('LAB_TOOL_MISSING', 'python3 not found (install python3-kdcproxy; run `npm run setup`)');
}

/** HOST: `localhost`, or the address of a relay in front of the proxy (`lab up --rtt`; the certificate names it). */
export function kdcProxyUrl(port: number, host = 'localhost'): string {
  return `https://${host}:${port}/KdcProxy`;
}

export async function startKdcProxy(options: {
  dir: string;
  port: number;
  ca: LabCa;
  realm: string;
  kdcPort: number;
}): Promise<LabProcess> {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const leaf = await issueServerCert(options.ca, {
    commonName: 'localhost',
    dnsNames: ['localhost'],
    // 127.0.0.2: where the lab's relay listens when `lab up --rtt` puts distance in front of the proxy.
    ipAddresses: ['127.0.0.1', '127.0.0.2'],
  });
  const certFile = join(options.dir, 'cert.pem');
  const keyFile = join(options.dir, 'key.pem');
  const confFile = join(options.dir, 'kdcproxy.conf');
  writeFileSync(certFile, leaf.certPem);
  writeFileSync(keyFile, leaf.keyPem, { mode: 0o600 });
  // Only the realm behind the proxy, TCP to its KDC, and never DNS.
  writeFileSync(
    confFile,
    `[global]\nuse_dns = false\n\n[${options.realm}]\nkerberos = kerberos+tcp://127.0.0.1:${options.kdcPort}\n`,
  );
  const logFile = join(options.dir, 'kdc-proxy.log');
  const offset = logOffset(logFile);
  const proc = await spawnDetached(findSystemPython(), ['-c', PROXY_SCRIPT, String(options.port), certFile, keyFile], {
    role: 'kdc-proxy',
    env: { ...baseEnv(), KDCPROXY_CONFIG: confFile, PYTHONDONTWRITEBYTECODE: '1' },
    logFile,
  });
  await waitForReady({ proc, port: options.port, logFile, offset, readyLine: /kdc-proxy: listening on/ });
  return proc;
}
