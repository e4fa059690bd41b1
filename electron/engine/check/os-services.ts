// What the operating system gives a check: its tools, its Kerberos security contexts, its DNS servers and
// the trust it places in a KDC proxy's certificate. A check uses this machine's (realOs) unless its caller
// passes another: a test of the Windows path on Linux builds one from its own KDCs, DNS server and CA.
import type { BindingOptions, BindingSecurityContext } from '../kerberos/binding';
import type { SecurityTarget } from '../kerberos/security-context';
import { runTool, type ToolRunner } from '../run-tool';
import { entraKdcProxyUrl } from '../environment/kdc-proxy-settings';
import { MICROSOFT_CA_NAMES } from '../net/tls-certificate';

/** Makes a security context the way the native binding does (createBindingContext's shape). */
export type SecurityContextMaker = (target: SecurityTarget, options: BindingOptions) => Promise<BindingSecurityContext>;

export interface OsServices {
  /** Whose tools and layout the check reads (klist, dsregcmd and the registry on win32; krb5.conf elsewhere). */
  platform: NodeJS.Platform;
  /** Runs an OS tool (klist, dsregcmd, reg, nltest). */
  runTool: ToolRunner;
  /**
   * Windows' SSPI, when it is not this process's native binding: security contexts that answer as SSPI does.
   * Absent: the binding built for this process (SSPI on Windows, GSSAPI elsewhere).
   */
  sspi?: SecurityContextMaker;
  /** DNS servers (`host:port`) for the Windows KDC locator's SRV queries; absent: the system's. */
  dnsServers?: string[];
  /** CA files trusted for KDC proxies found by policy; absent: the system store (as Windows does). */
  kdcProxyAnchors?: string[];
  /** Names one of which a KDC proxy certificate's chain must carry (Microsoft's CAs on a real device). */
  kdcProxyIssuers: readonly string[];
  /** The Entra KDC proxy a device of this tenant uses when no policy names one (null: none to probe). */
  entraKdcProxyUrl(tenantId: string): string | null;
}

/** This machine: its platform, its tools, its binding and trust store, Entra's KDC proxy. */
export function realOs(): OsServices {
  return {
    platform: process.platform,
    runTool,
    kdcProxyIssuers: MICROSOFT_CA_NAMES,
    entraKdcProxyUrl,
  };
}
