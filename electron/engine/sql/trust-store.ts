// The trust anchors Node can give us, on every Node the CLI supports (package.json engines). Node ≥ 22.15
// / 23.10 has tls.getCACertificates('bundled' | 'system'); Node 20 has neither, and calling it there is a
// TypeError at the TLS step of every check. There the bundled roots are tls.rootCertificates (the same
// Mozilla set) and the OS store is the OS's PEM bundle file (what OpenSSL on that machine trusts); a
// platform whose store is no file (Windows, macOS) has no system anchors on such a Node, only the bundled
// roots and --ca.
import * as nodeTls from 'node:tls';
import { readBoundedSync } from '../read-bounded';

/** The part of node:tls this reads (injectable: the tests give it a Node 20 shape). */
export interface TlsRoots {
  rootCertificates: readonly string[];
  getCACertificates?: (type?: 'default' | 'system' | 'bundled' | 'extra') => string[];
}

/** Where Linux distributions and BSDs keep the OS trust bundle (Go's crypto/x509 list, in its order). */
export const OS_BUNDLE_FILES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Gentoo, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL 6
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS, RHEL 7
  '/etc/ssl/cert.pem', // Alpine, FreeBSD, OpenBSD, macOS (an export, not the keychain)
];

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function splitPem(text: string): string[] {
  return (text.match(PEM) ?? []).map((c) => `${c}\n`);
}

export interface SystemBundleOptions {
  /** SSL_CERT_FILE first, as OpenSSL does; then OS_BUNDLE_FILES. */
  env?: NodeJS.ProcessEnv;
  files?: readonly string[];
  read?: (path: string) => string;
}

/** The OS bundle file's certificates, for a Node without getCACertificates('system'); [] when none is readable. */
export function systemBundleFromFile(opts: SystemBundleOptions = {}): string[] {
  const env = opts.env ?? process.env;
  const read = opts.read ?? ((p: string) => readBoundedSync(p, 'caFile').toString('utf8'));
  const candidates = [...(env['SSL_CERT_FILE'] ? [env['SSL_CERT_FILE']] : []), ...(opts.files ?? OS_BUNDLE_FILES)];
  for (const file of candidates) {
    let text: string;
    try {
      text = read(file);
    } catch {
      continue;
    }
    const certs = splitPem(text);
    if (certs.length > 0) return certs;
  }
  return [];
}

export function hasGetCACertificates(tls: TlsRoots): tls is TlsRoots & Required<Pick<TlsRoots, 'getCACertificates'>> {
  return typeof tls.getCACertificates === 'function';
}

/** Node's bundled roots (the Mozilla set compiled into Node). */
export function bundledRoots(tls: TlsRoots = nodeTls): string[] {
  return hasGetCACertificates(tls) ? tls.getCACertificates('bundled') : [...tls.rootCertificates];
}

/** The OS store: Node's reading of it where Node can, else the OS bundle file. */
export function systemRoots(tls: TlsRoots = nodeTls, bundle: SystemBundleOptions = {}): string[] {
  return hasGetCACertificates(tls) ? tls.getCACertificates('system') : systemBundleFromFile(bundle);
}
