// The certificate an HTTPS endpoint presents (the KDC proxy at login.microsoftonline.com/<tenant>/kerberos):
// subject, issuer, the chain as sent, and whether it chains to a trusted root — read within a budget, the
// connection closed right after the handshake. Whether the issuer is the expected one is judged against
// names: by default Microsoft's certificate authorities and the DigiCert roots they chain to, as Microsoft
// lists them for its services ("Azure Certificate Authority details",
// https://learn.microsoft.com/en-us/azure/security/fundamentals/azure-ca-details). A TLS-inspecting proxy
// re-signs the connection with its own CA, so its name shows up in the issuer instead.
import { connect, type DetailedPeerCertificate } from 'node:tls';
import { isIP } from 'node:net';
import { readBoundedSync } from '../read-bounded';
import { startBudget } from './budget';

/** Organisations of the CAs Microsoft's endpoints chain to (azure-ca-details). */
export const MICROSOFT_CA_NAMES: readonly string[] = ['O=Microsoft Corporation', 'O=DigiCert Inc'];

export interface TlsCertificate {
  subject: string | null;
  issuer: string | null;
  /** Issuer names up the chain as the server sent it, leaf's issuer first. */
  chain: string[];
  trusted: boolean;
  /** Node's verification error (`UNABLE_TO_VERIFY_LEAF_SIGNATURE`…) when not trusted. */
  error?: string;
}

export type TlsCertificateResult = ({ ok: true } & TlsCertificate) | { ok: false; error: string };

function dn(o: Record<string, string | string[] | undefined> | undefined): string | null {
  if (!o) return null;
  const parts = ['CN', 'OU', 'O', 'C'].flatMap((k) => {
    const v = o[k];
    return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`);
  });
  return parts.length ? parts.join(', ') : null;
}

/** Reads the certificate of `url`'s host and port. `anchors`: PEM CA files to trust instead of the system store. */
export function readTlsCertificate(
  url: string,
  options: { anchors?: string[]; budgetMs: number; signal?: AbortSignal },
): Promise<TlsCertificateResult> {
  const parsedUrl = new URL(url);
  const port = Number(parsedUrl.port || 443);
  const host = parsedUrl.hostname.replace(/^\[|\]$/g, '');
  const budget = startBudget(options.budgetMs, options.signal);
  return new Promise((resolve) => {
    let ca: Buffer[] | undefined;
    try {
      ca = options.anchors?.length ? options.anchors.map((f) => readBoundedSync(f, 'caFile')) : undefined;
    } catch (anchorError) {
      resolve({ ok: false, error: anchorError instanceof Error ? anchorError.message : String(anchorError) });
      return;
    }
    const sock = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      ...(ca ? { ca } : {}),
    });
    const done = (result: TlsCertificateResult) => {
      budget.signal.removeEventListener('abort', onAbort);
      sock.destroy();
      budget.dispose();
      resolve(result);
    };
    const onAbort = () =>
      done({ ok: false, error: budget.timedOut() ? `no TLS handshake within ${options.budgetMs} ms` : 'cancelled' });
    if (budget.signal.aborted) {
      onAbort();
      return;
    }
    budget.signal.addEventListener('abort', onAbort, { once: true });
    sock.once('error', (e: NodeJS.ErrnoException) => done({ ok: false, error: e.code ?? e.message }));
    sock.once('secureConnect', () => {
      const leaf = sock.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
      if (!leaf || !leaf.subject) {
        done({ ok: false, error: 'no certificate presented' });
        return;
      }
      const chain: string[] = [];
      const seen = new Set<string>();
      for (
        let cert: DetailedPeerCertificate | undefined = leaf;
        cert && !seen.has(cert.fingerprint256);
        cert = cert.issuerCertificate
      ) {
        seen.add(cert.fingerprint256);
        const name = dn(cert.issuer);
        if (name) chain.push(name);
      }
      const err = sock.authorizationError;
      done({
        ok: true,
        subject: dn(leaf.subject),
        issuer: dn(leaf.issuer),
        chain,
        trusted: sock.authorized,
        ...(err ? { error: String(err.message ?? err) } : {}),
      });
    });
  });
}

/** Whether any issuer in the chain carries one of the expected names (e.g. `O=Microsoft Corporation`). */
export const issuedByExpected = (c: Pick<TlsCertificate, 'chain'>, expected: readonly string[]): boolean =>
  c.chain.some((name) => expected.some((x) => name.toLowerCase().includes(x.toLowerCase())));
