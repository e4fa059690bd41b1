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
    const { text: got, parse } = warningReads(warnings);
    const C = DEVICE_COMMANDS;
    const read = (c: DeviceCommand) => deps.windowsTool(c.command, [...c.args]);
    const [winhttp, proxyMgr, enabled, ...services] = await Promise.allSettled([
      read(C.winhttpProxy),
      read(C.proxyMgr),
      read(C.kdcProxyEnabled),
      read(C.winHttpAutoProxySvc),
      read(C.iphlpsvc),
    ]);
    const budget = () => Math.max(0, Math.min(PROBE_BUDGET_MS, remaining() - 500));

    const wText = got(winhttp, 'netsh winhttp show proxy');
    const w = wText === null ? null : parse('netsh winhttp show proxy', () => parseWinHttpProxy(wText));
    if (w) {
      // Whether each proxy answers at all: a proxy left on a closed port is the classic 0x51f.
      const answers = await Promise.all(
        w.servers.map(async (s) => {
          const r = await deps.tcp(s.host, s.port ?? 80, budget(), signal);
          return { reachable: r.ok, ...(r.ok ? {} : { detail: r.failure ?? r.detail }) };
        }),
      );
      facts.push(winHttpFact(w, answers));
    }
    const pText = got(proxyMgr, `reg query ${PROXY_MGR_KEY}`);
    const p = pText === null ? null : parse('ProxyMgr', () => parseProxyMgr(pText));
    if (p) facts.push(proxyLeftoverFact(p.fiddler));
    services.forEach((r, i) => {
      const name = PROXY_SERVICES[i]!;
      const t = got(r, `sc query ${name}`);
      const s = t === null ? null : parse(`sc query ${name}`, () => parseScQuery(t));
      if (s) facts.push(serviceFact(name, s));
    });

    const env = await need(environmentHop);
    const tenant = env.dsreg?.sso.tenantId ?? null;
    const policy = await deps.kdcProxyPolicy();
    const settings = kdcProxySettings(
      enabled.status === 'fulfilled' ? enabled.value.stdout : '',
      policy.mappings,
      tenant,
    );
    facts.push(kdcProxyConfigFact(settings));

    // The proxy the client uses for the Entra realm: the policy's, else Entra's own for the device's tenant. Its
    // certificate (who issued it) and a real MS-KKDCP exchange through it (an AS-REQ answered by a KRB-ERROR).
    const url = settings.urls[0] ?? (tenant ? deps.entraKdcProxyUrl(tenant) : null);
    if (url) {
      const [c, x] = await Promise.all([deps.certificate(url, budget(), signal), deps.kkdcp(url, budget(), signal)]);
      const exchange = { ok: x.ok, detail: x.detail };
      facts.push(
        c.ok
          ? {
              kind: 'kdc-proxy-cert',
              url,
              subject: c.subject,
              issuer: c.issuer,
              chain: c.chain,
              trusted: c.trusted,
              expectedIssuer: issuedByExpected(c, deps.kdcProxyIssuers),
              exchange,
              ...(c.error ? { error: c.error } : {}),
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
              error: c.error,
            },
      );
    } else if (!tenant)
      warnings.push('no KDC proxy to look at: no policy for the Entra realm and no tenant id from dsregcmd');

    finishFactStep(done, facts, warnings);
    return { out: { facts }, evidence: [{ step: 'proxy-path', evidence: facts }] };
  },
  bind: (p: Platform) => ({
    windows: p.os === 'win32',
    windowsTool: windowsToolOf(p),
    kdcProxyPolicy: () => p.kdcProxyPolicy(),
    entraKdcProxyUrl: (t) => p.entraKdcProxyUrl(t),
    kdcProxyIssuers: p.kdcProxyIssuers,
    tcp: networkHop.bind(p).tcp,
    kkdcp: (url, budgetMs, signal) =>
      probeKkdcp({
        realm: CLOUD_REALM,
        url,
        budgetMs,
        signal,
        ...(p.kdcProxyAnchors ? { anchors: p.kdcProxyAnchors } : {}),
      }),
    certificate: (url, budgetMs, signal) =>
      readTlsCertificate(url, { budgetMs, signal, ...(p.kdcProxyAnchors ? { anchors: p.kdcProxyAnchors } : {}) }),
  }),
};
