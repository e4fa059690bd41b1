// The device checks' facts from what the parsers read: pure functions, so a check (hops/device.ts,
// hops/proxy-path.ts) and an analysis of captured outputs (analyze, collect) build the same facts from the same
// texts. diagnose/ judges them (each in its source under diagnose/sources/).
import { CLOUD_REALM } from '../../contract/azure';
import type { Ticket } from '../../contract/report';
import type { WindowsFact } from '../diagnose/evidence';
import type { CredentialGuardConfig } from './credential-guard';
import type { DsregStatus } from './dsregcmd';
import type { KdcProxySettings } from './kdc-proxy-settings';
import { mappedRealm, topLevelCoverage, type HostRealmMapping } from './realm-mapping';
import type { ServiceStatus } from './sc-query';
import { flowSupportForBuild, type WindowsBuild } from './windows-build';
import { isElevated, isInteractive, type SessionToken } from './whoami-groups';
import type { WinHttpProxy } from './winhttp-proxy';

type Fact<K extends WindowsFact['kind']> = Extract<WindowsFact, { kind: K }>;

/** The SPN's host and port (the SPN carries the name the user typed). */
export function spnHostPort(spn: string, fallbackPort: number): { host: string; port: number } {
  const m = /^[^/]+\/([^:/@]+)(?::(\d+))?/.exec(spn);
  return { host: m?.[1] ?? spn, port: m?.[2] ? Number(m[2]) : fallbackPort };
}

const isKrbtgt = (t: Ticket, realm: string): boolean =>
  t.server.toUpperCase() === `KRBTGT/${realm.toUpperCase()}` && t.serverRealm.toUpperCase() === realm.toUpperCase();
const valid = (t: Ticket, nowMs: number): boolean => t.end === null || Date.parse(t.end) > nowMs;
/** The cloud TGT a ticket list holds (`krbtgt/KERBEROS.MICROSOFTONLINE.COM @ KERBEROS.MICROSOFTONLINE.COM`). */
export const cloudTgtOf = (tickets: readonly Ticket[]): Ticket | undefined =>
  tickets.find((t) => isKrbtgt(t, CLOUD_REALM));

export function buildFact(b: WindowsBuild): Fact<'windows-build'> {
  const v = flowSupportForBuild(b);
  return {
    kind: 'windows-build',
    build: b.build,
    ubr: b.ubr,
    server: /server/i.test(v.label),
    label: v.label,
    modern: v.modern === 'supported',
    trust: v.trust === 'supported',
  };
}

/**
 * Which flow the device uses and can use: the tickets held decide the one in use (a valid cloud TGT → modern; a
 * valid TGT of an AD realm on a device not shown off-domain → trust); join state, the cloud Kerberos policy
 * (klist cloud_debug) and the build decide which can work. Unknowns stay null, never "no".
 */
export function flowFact(inputs: {
  dsreg: DsregStatus | null;
  policy: boolean | null;
  build: WindowsBuild | null;
  tickets: readonly Ticket[];
  now: Date;
}): Fact<'windows-flow'> {
  const nowMs = inputs.now.getTime();
  const verdict = inputs.build ? flowSupportForBuild(inputs.build) : null;
  const cloud = cloudTgtOf(inputs.tickets);
  const dc = inputs.tickets.find(
    (t) => t.serverRealm.toUpperCase() !== CLOUD_REALM && isKrbtgt(t, t.serverRealm) && valid(t, nowMs),
  );
  const entra = inputs.dsreg ? inputs.dsreg.device.azureAdJoined : null;
  const joined = inputs.dsreg ? inputs.dsreg.device.domainJoined : null;
  const reasons: string[] = [];
  if (entra === false) reasons.push('not Microsoft Entra joined or hybrid joined');
  if (inputs.policy === false) reasons.push('the cloud Kerberos ticket policy is off');
  if (verdict?.modern === 'unsupported') reasons.push('this build is older than the modern flow needs');
  if (joined === false) reasons.push('not joined to an Active Directory domain');
  if (verdict?.trust === 'unsupported') reasons.push('this build is older than the trust-based flow needs');
  const both = (...v: (boolean | null)[]): boolean | null =>
    v.includes(false) ? false : v.includes(null) ? null : true;
  // The flows the join state and policy allow; the build blocks when it is too old for each of them.
  const allowed = [
    ...(entra !== false && inputs.policy !== false ? ['modern' as const] : []),
    ...(joined !== false ? ['trust' as const] : []),
  ];
  return {
    kind: 'windows-flow',
    using: cloud && valid(cloud, nowMs) ? 'modern' : dc && joined !== false ? 'trust' : null,
    modernPossible: both(entra, inputs.policy, verdict ? verdict.modern === 'supported' : null),
    trustPossible: both(joined, verdict ? verdict.trust === 'supported' : null),
    reasons,
    buildBlocks: verdict !== null && allowed.length > 0 && allowed.every((f) => verdict[f] === 'unsupported'),
  };
}

/** The session from its token, with the sign-in dsregcmd reports for the same session when it was read. */
export function sessionFact(token: SessionToken, dsreg: DsregStatus | null = null): Fact<'session'> {
  const entraOnly = dsreg
    ? dsreg.device.azureAdJoined === true && dsreg.device.domainJoined === false
      ? true
      : dsreg.device.azureAdJoined === null || dsreg.device.domainJoined === null
        ? null
        : false
    : null;
  return {
    kind: 'session',
    interactive: isInteractive(token),
    elevated: isElevated(token),
    logon: token.logon,
    integrity: token.integrity,
    prt: dsreg?.sso.azureAdPrt ?? null,
    entraOnly,
  };
}

export const cloudTgtAgeFact = (tgt: Ticket, now: Date): Fact<'cloud-tgt-age'> => ({
  kind: 'cloud-tgt-age',
  start: tgt.start,
  end: tgt.end,
  now: now.toISOString(),
});

export const credentialGuardFact = (cg: {
  config: CredentialGuardConfig;
  source: 'policy' | 'lsa' | null;
}): Fact<'credential-guard'> => ({ kind: 'credential-guard', config: cg.config, source: cg.source });

/**
 * Where Windows sends the SPN's request: a host-to-realm mapping first, then KerbTopLevelNames (null when dsregcmd
 * printed none: a build before they existed, or dsregcmd not read).
 */
export function realmRouteFact(inputs: {
  spn: string;
  port: number;
  kerbTopLevelNames: readonly string[] | null;
  mappings: readonly HostRealmMapping[];
  expectedRealm?: string;
  userRealm: string | null;
}): Fact<'realm-route'> {
  const { host, port } = spnHostPort(inputs.spn, inputs.port);
  const names = inputs.kerbTopLevelNames?.length ? [...inputs.kerbTopLevelNames] : null;
  const coverage = names ? topLevelCoverage(names, host, port) : null;
  return {
    kind: 'realm-route',
    host,
    port,
    topLevelNames: names,
    coveredHost: coverage?.host ?? null,
    coveredPort: coverage?.port ?? null,
    mapping: mappedRealm(host, inputs.mappings),
    expectedRealm: inputs.expectedRealm ?? CLOUD_REALM,
    userRealm: inputs.userRealm,
  };
}

/** netsh's proxy, with whether each server answered (null: not tried, as when reading a captured output). */
export const winHttpFact = (
  w: WinHttpProxy,
  reachable: readonly { reachable: boolean | null; detail?: string }[] = [],
): Fact<'winhttp-proxy'> => ({
  kind: 'winhttp-proxy',
  direct: w.direct,
  servers: w.servers.map((s, i) => ({
    server: s.raw,
    reachable: reachable[i]?.reachable ?? null,
    ...(reachable[i]?.detail ? { detail: reachable[i].detail } : {}),
  })),
});

export const proxyLeftoverFact = (fiddler: readonly { name: string; value: string }[]): Fact<'proxy-leftover'> => ({
  kind: 'proxy-leftover',
  entries: fiddler.map((e) => `${e.name} = ${e.value}`),
});

export const serviceFact = (service: string, s: ServiceStatus): Fact<'service-state'> => ({
  kind: 'service-state',
  service,
  state: s.state,
});

export const kdcProxyConfigFact = (s: KdcProxySettings): Fact<'kdc-proxy-config'> => ({
  kind: 'kdc-proxy-config',
  enabled: s.enabled,
  urls: s.urls,
  policyTenant: s.policyTenant,
  deviceTenant: s.deviceTenant,
});
