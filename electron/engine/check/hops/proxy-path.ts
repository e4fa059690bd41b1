// The path of the Kerberos client's HTTPS traffic to Microsoft Entra (the 0x51f causes Microsoft lists, and the
// KDC proxy's own setup): the WinHTTP proxy (`netsh winhttp show proxy`) and whether it answers, Fiddler's leftover
// ProxyMgr entries, the WinHttpAutoProxySvc and iphlpsvc services (`sc query`), the KDC proxy policy's tenant
// against the device's and `KdcProxyServer_Enabled`, and the certificate the KDC proxy presents (an issuer that
// is not Microsoft's chain is TLS inspection). Microsoft:
// https://learn.microsoft.com/en-us/troubleshoot/azure/azure-storage/files/security/files-troubleshoot-smb-authentication
// and https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot. Facts
// only; diagnose/ judges them. Skipped off Windows.
import { CLOUD_REALM } from '../../../contract/azure';
import type { WindowsFact } from '../../diagnose/evidence';
import {
  kdcProxyConfigFact,
  proxyLeftoverFact,
  serviceFact,
  winHttpFact,
} from '../../environment/windows-device-facts';
import type { KdcProbeResult } from '../../net/kdc';
import { probeKkdcp } from '../../net/kkdcp';
import { DEVICE_COMMANDS, type DeviceCommand } from '../../environment/device-commands';
import { kdcProxySettings } from '../../environment/kdc-proxy-settings';
import type { KdcProxyMapping } from '../../environment/kdc-proxy-policy';
import { parseProxyMgr, PROXY_MGR_KEY } from '../../environment/proxy-mgr';
import { parseScQuery } from '../../environment/sc-query';
import { parseWinHttpProxy } from '../../environment/winhttp-proxy';
import { issuedByExpected, readTlsCertificate, type TlsCertificateResult } from '../../net/tls-certificate';
import type { Hop } from '../hop';
import type { Platform } from '../platform';
import { windowsToolOf, type DeviceDeps } from './device';
import { environmentHop } from './environment';
import { networkHop, type NetworkDeps } from './network';
import { finishFactStep, warningReads } from './fact-step';

export interface ProxyPathDeps extends Pick<DeviceDeps, 'windows' | 'windowsTool'>, Pick<NetworkDeps, 'tcp'> {
  kdcProxyPolicy(): Promise<{ mappings: KdcProxyMapping[] }>;
  entraKdcProxyUrl(tenantId: string): string | null;
  kdcProxyIssuers: readonly string[];
  certificate(url: string, budgetMs: number, signal: AbortSignal): Promise<TlsCertificateResult>;
  /** An MS-KKDCP exchange with the proxy for the Entra realm. */
  kkdcp(url: string, budgetMs: number, signal: AbortSignal): Promise<Pick<KdcProbeResult, 'ok' | 'detail'>>;
}

/** The services Microsoft's 0x51f steps want running (in the order of their commands below). */
export const PROXY_SERVICES = ['WinHttpAutoProxySvc', 'iphlpsvc'] as const;
const PROBE_BUDGET_MS = 2000;

export const proxyPathHop: Hop<{ facts: WindowsFact[] }, ProxyPathDeps> = {
  name: 'proxy-path',
  needs: [environmentHop],
  async run({ deps, steps, signal, remaining, need }) {
    if (!deps.windows) {
      steps.record(
        'proxy-path',
        'skip',
        "skipped: not Windows (WinHTTP, the KDC proxy policy and its services are Windows'); MIT reaches a KDC " +
          'proxy as krb5.conf says',
      );
      return { out: { facts: [] } };
    }
    const done = steps.start('proxy-path');
    const warnings: string[] = [];
    const facts: WindowsFact[] = [];
    const reads = warningReads(warnings);
    const commands = DEVICE_COMMANDS;
    const read = (command: DeviceCommand) => deps.windowsTool(command.command, [...command.args]);
    const [winhttp, proxyMgr, enabled, ...services] = await Promise.allSettled([
      read(commands.winhttpProxy),
      read(commands.proxyMgr),
      read(commands.kdcProxyEnabled),
      read(commands.winHttpAutoProxySvc),
      read(commands.iphlpsvc),
    ]);
    const budget = () => Math.max(0, Math.min(PROBE_BUDGET_MS, remaining() - 500));

    const winHttp = await winHttpProxyFact(winhttp, reads, (host, port) => deps.tcp(host, port, budget(), signal));
    if (winHttp) facts.push(winHttp);
    const proxyMgrText = reads.text(proxyMgr, `reg query ${PROXY_MGR_KEY}`);
    const leftover = proxyMgrText === null ? null : reads.parse('ProxyMgr', () => parseProxyMgr(proxyMgrText));
    if (leftover) facts.push(proxyLeftoverFact(leftover.fiddler));
    facts.push(...serviceFacts(services, reads));

    const env = await need(environmentHop);
    const tenant = env.dsreg?.sso.tenantId ?? null;
    const policy = await deps.kdcProxyPolicy();
    const settings = kdcProxySettings(
      enabled.status === 'fulfilled' ? enabled.value.stdout : '',
      policy.mappings,
      tenant,
    );
    facts.push(kdcProxyConfigFact(settings));

    // The proxy the client uses for the Entra realm: the policy's, else Entra's own for the device's tenant.
    const url = settings.urls[0] ?? (tenant ? deps.entraKdcProxyUrl(tenant) : null);
    if (url) facts.push(await kdcProxyCertFact(url, deps, budget, signal));
    else if (!tenant)
      warnings.push('no KDC proxy to look at: no policy for the Entra realm and no tenant id from dsregcmd');

    finishFactStep(done, facts, warnings);
    return { out: { facts }, evidence: [{ step: 'proxy-path', evidence: facts }] };
  },
  bind: (platform: Platform) => ({
    windows: platform.os === 'win32',
    windowsTool: windowsToolOf(platform),
    kdcProxyPolicy: () => platform.kdcProxyPolicy(),
    entraKdcProxyUrl: (t) => platform.entraKdcProxyUrl(t),
    kdcProxyIssuers: platform.kdcProxyIssuers,
    tcp: networkHop.bind(platform).tcp,
    kkdcp: (url, budgetMs, signal) =>
      probeKkdcp({
        realm: CLOUD_REALM,
        url,
        budgetMs,
        signal,
        ...(platform.kdcProxyAnchors ? { anchors: platform.kdcProxyAnchors } : {}),
      }),
    certificate: (url, budgetMs, signal) =>
      readTlsCertificate(url, {
        budgetMs,
        signal,
        ...(platform.kdcProxyAnchors ? { anchors: platform.kdcProxyAnchors } : {}),
      }),
  }),
};

type ToolRead = PromiseSettledResult<Awaited<ReturnType<ProxyPathDeps['windowsTool']>>>;
type Reads = ReturnType<typeof warningReads>;

/** The WinHTTP proxy and whether each of its servers answers at all (a proxy left on a closed port: 0x51f). */
async function winHttpProxyFact(
  winhttp: ToolRead,
  reads: Reads,
  tcp: (host: string, port: number) => ReturnType<ProxyPathDeps['tcp']>,
): Promise<WindowsFact | null> {
  const text = reads.text(winhttp, 'netsh winhttp show proxy');
  const proxy = text === null ? null : reads.parse('netsh winhttp show proxy', () => parseWinHttpProxy(text));
  if (!proxy) return null;
  const answers = await Promise.all(
    proxy.servers.map(async (server) => {
      const probe = await tcp(server.host, server.port ?? 80);
      return { reachable: probe.ok, ...(probe.ok ? {} : { detail: probe.failure ?? probe.detail }) };
    }),
  );
  return winHttpFact(proxy, answers);
}

/** The state of each of PROXY_SERVICES, from its `sc query` (in the same order). */
function serviceFacts(services: ToolRead[], reads: Reads): WindowsFact[] {
  const facts: WindowsFact[] = [];
  services.forEach((service, index) => {
    const name = PROXY_SERVICES[index]!;
    const text = reads.text(service, `sc query ${name}`);
    const state = text === null ? null : reads.parse(`sc query ${name}`, () => parseScQuery(text));
    if (state) facts.push(serviceFact(name, state));
  });
  return facts;
}

/**
 * The KDC proxy's certificate (who issued it) and a real MS-KKDCP exchange through it (an AS-REQ answered by a
 * KRB-ERROR).
 */
async function kdcProxyCertFact(
  url: string,
  deps: ProxyPathDeps,
  budget: () => number,
  signal: AbortSignal,
): Promise<WindowsFact> {
  const [cert, kkdcp] = await Promise.all([deps.certificate(url, budget(), signal), deps.kkdcp(url, budget(), signal)]);
  const exchange = { ok: kkdcp.ok, detail: kkdcp.detail };
  return cert.ok
    ? {
        kind: 'kdc-proxy-cert',
        url,
        subject: cert.subject,
        issuer: cert.issuer,
        chain: cert.chain,
        trusted: cert.trusted,
        expectedIssuer: issuedByExpected(cert, deps.kdcProxyIssuers),
        exchange,
        ...(cert.error ? { error: cert.error } : {}),
      }
    : {
        kind: 'kdc-proxy-cert',
        url,
        subject: null,
        issuer: null,
        chain: [],
        trusted: false,
        expectedIssuer: false,
        exchange,
        error: cert.error,
      };
}
