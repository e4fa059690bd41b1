// `kerbprobe lab`: a real two-realm Kerberos world on loopback — CONTOSO.TEST (the on-prem AD) with an
// incoming trust to KERBEROS.MICROSOFTONLINE.COM (Entra), the SQL service principal, a signed-in user
// — and, when the SQL half is present, the TDS server. Every scenario is a real mechanism.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KerbProbeError } from '../engine/errors';
import { startBlackhole } from './blackhole';
import { faketimeEnv } from './faketime';
import { kdcProxyUrl, startKdcProxy } from './kdc-proxy';
import { connectTcp } from '../engine/net/tcp';
import type { RelayRoute } from './latency/relay';
import { startRelayProcess } from './latency/relay-process';
import type { RttPeer, RttProfile } from './latency/rtt-profile';
import { renderClientKrb5Conf, renderKdcKrb5Conf } from './krb5-profiles';
import {
  acquireStartLock,
  labPaths,
  prepareLabDir,
  readLabInfo,
  recordedProcesses,
  recordProcess,
  writeLabJson,
  writeSecrets,
} from './lab-dir';
import {
  CLOUD_REALM,
  ONPREM_REALM,
  type KdcFacet,
  type LabInfo,
  type LabProcess,
  type LabRealm,
  type ScenarioDef,
} from './lab-types';
import { runToolOk } from './mit-tools';
import { createCa, type LabCa } from './pki';
import { freePort } from './ports';
import { isRecordedProcessAlive, processStartTicks, stopProcesses } from './processes';
import { baseEnv, createRealm, kadmin, startKdc, type Realm } from './realm';
import { getScenario, listScenarios } from './scenarios';
import { startSqlServer } from './tds/lab-sql';
import { issueServerCert } from './pki';
import { startAzureEmulatorProcess, azureEmulatorPaths } from './azure-emulator/emulator-process';
import { createLabTenant, resourceIdOf, type LabTenant } from './azure-emulator/lab-tenant';
import type { AzureEnvName, LabAzure } from './lab-types';

export { listScenarios, readLabInfo };
export type { LabInfo };

export const ALICE = `alice@${ONPREM_REALM}`;
export const BOB = `bob@${CLOUD_REALM}`;
const TRUST_PRINCIPAL = `krbtgt/${CLOUD_REALM}@${ONPREM_REALM}`;
/** Entra Kerberos issues AES-256 only; the cloud realm's keys are made the same way. */
const AES256 = 'aes256-cts-hmac-sha1-96';
const ONPREM_ENCTYPES = 'aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal';
const CLOUD_ENCTYPES = `${AES256}:normal`;
/** The expired-tgt logon happened this long ago, for one hour. */
const EXPIRED_LOGON_OFFSET = '-12h';
const SKEWED_KDC_OFFSET = '+10m';

export interface StartLabOptions {
  dir: string;
  scenario?: string;
  /** Round-trip times per peer: each peer named gets a delaying relay in front of it (latency/relay.ts). */
  rtt?: RttProfile;
}

/** Where the peers listen; the relays listen on the same ports here, so SPNs and TLS names keep. */
const PEER_HOST = '127.0.0.1';
const RELAY_HOST = '127.0.0.2';

function password(): string {
  // Letters and digits only: passwords travel through kadmin.local's whitespace-split command line.
  return `Lab${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
}

interface Plan {
  def: ScenarioDef;
  dir: string;
  paths: ReturnType<typeof labPaths>;
  tag: string;
  fqdn: string;
  sqlPort: number;
  spn: string;
  routing?: { fqdn: string; port: number; spn: string };
  onpremPort: number;
  cloudPort: number;
  proxyPort?: number;
  /** The Azure emulator's port (login, ARM and Graph on one HTTPS listener). */
  azurePort: number;
  azureTenant: LabTenant;
  userPrincipal: string | null;
  clientEnv: { KRB5_CONFIG: string; KRB5CCNAME: string; KERBPROBE_HOSTS: string; KERBPROBE_HISTORY: string };
  secrets: {
    users: Record<string, string>;
    trust: { onprem: string; cloud: string };
    /** The lab app registration's client secret (ClientSecretCredential against the emulator). */
    azure: { clientSecret: string };
  };
}

async function makePlan(def: ScenarioDef, dir: string): Promise<Plan> {
  const paths = labPaths(dir);
  const tag = randomBytes(2).toString('hex');
  const fqdn = `sqlmi1.lab${tag}.database.windows.net`;
  const needsRouting = def.sql === 'redirect' || def.sql === 'redirect-blocked';
  const needsProxyPort = def.cloudTransport !== 'direct';
  const [onpremPort, cloudPort, sqlPort, routingPort, proxyPort, azurePort] = [
    await freePort({ udp: true }),
    await freePort({ udp: true }),
    await freePort(),
    needsRouting ? await freePort() : undefined,
    needsProxyPort ? await freePort() : undefined,
    await freePort(),
  ];
  const spnFor = (host: string, port: number) => `MSSQLSvc/${host}:${port}@${CLOUD_REALM}`;
  const trustKey = password();
  return {
    def,
    dir,
    paths,
    tag,
    fqdn,
    sqlPort,
    spn: spnFor(fqdn, sqlPort),
    routing:
      routingPort === undefined
        ? undefined
        : {
            fqdn: `sqlmi1-node1.lab${tag}.database.windows.net`,
            port: routingPort,
            spn: spnFor(`sqlmi1-node1.lab${tag}.database.windows.net`, routingPort),
          },
    onpremPort,
    cloudPort,
    proxyPort,
    azurePort,
    azureTenant: createLabTenant(fqdn, ONPREM_REALM.toLowerCase()),
    userPrincipal: def.user === 'trust' ? ALICE : def.user === 'cloud' ? BOB : null,
    clientEnv: {
      KRB5_CONFIG: paths.clientKrb5Conf,
      KRB5CCNAME: `FILE:${paths.ccache}`,
      KERBPROBE_HOSTS: paths.hosts,
      KERBPROBE_HISTORY: paths.history,
    },
    secrets: {
      users: { [ALICE]: password(), [BOB]: password() },
      // A trust is one shared secret; the mismatch scenario gives the cloud side a different one.
      trust: { onprem: trustKey, cloud: def.trust === 'key-mismatch' ? password() : trustKey },
      azure: { clientSecret: password() },
    },
  };
}

async function createPrincipals(plan: Plan, onprem: Realm, cloud: Realm): Promise<void> {
  const userPw = (principal: string) => plan.secrets.users[principal] ?? '';
  const onpremCmds = [`addprinc -pw ${userPw(ALICE)} ${ALICE}`];
  const cloudCmds = [`addprinc -pw ${userPw(BOB)} ${BOB}`];
  if (plan.def.trust !== 'absent') {
    // Same name, same salt, same password, same kvno (1) in both databases: the same keys.
    onpremCmds.push(`addprinc -pw ${plan.secrets.trust.onprem} -e ${AES256}:normal ${TRUST_PRINCIPAL}`);
    cloudCmds.push(`addprinc -pw ${plan.secrets.trust.cloud} -e ${AES256}:normal ${TRUST_PRINCIPAL}`);
  }
  const spns = [plan.spn, ...(plan.routing ? [plan.routing.spn] : [])];
  for (const spn of spns) {
    cloudCmds.push(`addprinc -randkey -e ${AES256}:normal ${spn}`);
    // MIT's counterpart of msDS-SupportedEncryptionTypes: the service accepts AES-256 session keys only.
    cloudCmds.push(`setstr ${spn} session_enctypes ${AES256}`);
  }
  // Relative keytab path (kadmin.local runs in DIR): its command line splits on whitespace.
  cloudCmds.push(`ktadd -k FILE:sql.keytab -norandkey ${spns.join(' ')}`);
  if (plan.def.spn === 'missing') cloudCmds.push(`delprinc -force ${plan.spn}`);
  // A key change that never reached the server: the KDC moves to kvno 2, the keytab keeps kvno 1.
  if (plan.def.spn === 'stale-keytab') cloudCmds.push(`cpw -randkey -e ${AES256}:normal ${plan.spn}`);
  // The KDC refuses TGS requests for the SPN by policy: MIT's -allow_tgs_req (KRB5_KDB_DISALLOW_TGT_BASED) answers
  // KDC_ERR_POLICY, the Kerberos error for a refusal by policy (what the conditional-access scenario stands for).
  if (plan.def.serviceTicket === 'policy-refused') cloudCmds.push(`modprinc -allow_tgs_req ${plan.spn}`);
  await Promise.all([kadmin(onprem, onpremCmds, plan.dir), kadmin(cloud, cloudCmds, plan.dir)]);
}

/** The address a client uses for each peer: the peer's own, or its relay's. */
interface PeerHosts {
  userKdc: string;
  cloudKdc: string;
  /** The KDC proxy URL's host: its certificate names both `localhost` and the relay's address. */
  kdcProxy: string;
  sql: string;
}

const DIRECT: PeerHosts = { userKdc: PEER_HOST, cloudKdc: PEER_HOST, kdcProxy: 'localhost', sql: PEER_HOST };

function writeClientFiles(plan: Plan, ca: LabCa, peers: PeerHosts = DIRECT): void {
  writeFileSync(plan.paths.caFile, ca.certPem);
  const names = [plan.fqdn, ...(plan.routing ? [plan.routing.fqdn] : [])];
  const hosts = names.map((h) => `${peers.sql} ${h}\n`).join('');
  writeFileSync(plan.paths.hosts, `# KerbProbe lab ${plan.tag}: names the engine resolves before DNS\n${hosts}`);
  const viaProxy = plan.proxyPort !== undefined;
  writeFileSync(
    plan.paths.clientKrb5Conf,
    renderClientKrb5Conf({
      defaultRealm: plan.def.user === 'cloud' ? CLOUD_REALM : ONPREM_REALM,
      onpremKdc: `${peers.userKdc}:${plan.onpremPort}`,
      cloudKdc: viaProxy
        ? kdcProxyUrl(plan.proxyPort as number, peers.kdcProxy)
        : `${peers.cloudKdc}:${plan.cloudPort}`,
      httpAnchorsFile: viaProxy ? plan.paths.caFile : undefined,
      permittedEnctypes: plan.def.clientEnctypes === 'aes128-only' ? 'aes128-cts-hmac-sha1-96' : undefined,
    }),
  );
}

/** The logon: kinit with the user's password, through the client's own krb5.conf. */
async function kinit(p: Plan, principal: string, extra: { lifetime?: string; clock?: string } = {}): Promise<void> {
  const env = { ...baseEnv(), ...p.clientEnv, ...(extra.clock ? faketimeEnv(extra.clock) : {}) };
  const args = [...(extra.lifetime ? ['-l', extra.lifetime] : []), principal];
  await runToolOk('kinit', args, { env, input: `${p.secrets.users[principal]}\n` });
}

/**
 * Brings one realm's KDC into the scenario's state. The user's own realm must answer the logon first,
 * so a realm that ends up down or blackholed is started, used for kinit, and stopped again: the user
 * holds a TGT from a KDC that has since gone away.
 */
async function bringUpRealm(
  plan: Plan,
  realm: Realm,
  facet: KdcFacet,
  isUserRealm: boolean,
  track: (proc: LabProcess) => void,
  routeReady: Promise<void>,
): Promise<void> {
  const principal = plan.userPrincipal;
  const logon = async (who: string, extra?: { lifetime?: string; clock?: string }) => {
    await routeReady;
    await kinit(plan, who, extra);
  };
  if (isUserRealm && principal && plan.def.tgt === 'expired') {
    // A KDC and client that both live 12 hours in the past issue a 1-hour TGT: it really expired.
    const past = await startKdc(realm, { clockOffset: EXPIRED_LOGON_OFFSET });
    track(past);
    try {
      await logon(principal, { lifetime: '1h', clock: EXPIRED_LOGON_OFFSET });
    } finally {
      await stopProcesses([past]);
    }
  }
  const needsLogon = isUserRealm && principal !== null && plan.def.tgt === 'valid';
  if (facet === 'up' || facet === 'skewed') {
    track(await startKdc(realm, facet === 'skewed' ? { clockOffset: SKEWED_KDC_OFFSET } : {}));
    if (needsLogon) await logon(principal);
    return;
  }
  if (needsLogon) {
    const temporary = await startKdc(realm);
    track(temporary);
    try {
      await logon(principal);
    } finally {
      await stopProcesses([temporary]);
    }
  }
  if (facet === 'blackhole') {
    track(
      await startBlackhole({ port: realm.port, role: `blackhole:${realm.name}`, logFile: plan.paths.blackholeLog }),
    );
  }
}

/** Every peer the profile names is reached through its relay's address. */
function peerHosts(rtt: RttProfile): PeerHosts {
  const via = (peer: RttPeer, direct: string) => (rtt[peer] === undefined ? direct : RELAY_HOST);
  return {
    userKdc: via('user-kdc', DIRECT.userKdc),
    cloudKdc: via('cloud-kdc', DIRECT.cloudKdc),
    kdcProxy: via('kdc-proxy', DIRECT.kdcProxy),
    sql: via('sql', DIRECT.sql),
  };
}

/** Does the peer accept TCP on PORT? A blackhole does (and never answers); a stopped KDC does not. */
async function listens(port: number): Promise<boolean> {
  try {
    (await connectTcp(PEER_HOST, port, AbortSignal.timeout(1000))).destroy();
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ECONNREFUSED';
  }
}

/**
 * A relay for each peer the profile names. A peer whose port is closed (the *-down scenarios) gets none:
 * a relay would accept the connection and then reset it, where the client must see a refusal.
 */
async function relayRoutes(plan: Plan, rtt: RttProfile): Promise<RelayRoute[]> {
  const candidates: RelayRoute[] = [];
  const add = (peer: RttPeer, port: number | undefined, udp: boolean) => {
    const rttMs = rtt[peer];
    if (rttMs !== undefined && port !== undefined)
      candidates.push({ peer, listenHost: RELAY_HOST, targetHost: PEER_HOST, port, rttMs, udp });
  };
  add('user-kdc', plan.onpremPort, true);
  add('cloud-kdc', plan.cloudPort, true);
  add('kdc-proxy', plan.proxyPort, false);
  add('sql', plan.sqlPort, false);
  add('sql', plan.routing?.port, false);
  const open = await Promise.all(candidates.map((route) => listens(route.port)));
  return candidates.filter((_route, index) => open[index]);
}

/**
 * The Azure emulator (./azure-emulator/): the instance's and the tenant's side for `kerbprobe admin`, answering
 * for the lab's instance with the scenario's tenant facet. Its certificate comes from the lab CA.
 */
async function startAzure(plan: Plan, ca: LabCa, track: (proc: LabProcess) => void): Promise<LabAzure> {
  const leaf = await issueServerCert(ca, {
    commonName: 'localhost',
    dnsNames: ['localhost'],
    ipAddresses: [PEER_HOST],
  });
  const paths = azureEmulatorPaths(plan.dir);
  const tenant = plan.azureTenant;
  const facet = plan.def.tenant ?? {};
  const { proc, base } = await startAzureEmulatorProcess({
    dir: plan.dir,
    config: {
      host: PEER_HOST,
      port: plan.azurePort,
      certPem: leaf.certPem,
      keyPem: leaf.keyPem,
      logFile: paths.log,
      tenant,
      facet,
      clientSecret: plan.secrets.azure.clientSecret,
      ...(plan.proxyPort !== undefined ? { kerberosEndpoint: kdcProxyUrl(plan.proxyPort) } : {}),
    },
  });
  track(proc);
  return {
    authorityHost: base,
    armEndpoint: base,
    graphEndpoint: base,
    tenantId: tenant.tenantId,
    clientId: tenant.client.appId,
    subscriptionId: tenant.subscriptionId,
    resourceGroup: tenant.resourceGroup,
    instanceName: tenant.instance.name,
    resourceId: resourceIdOf(tenant),
    principal: {
      displayName: tenant.principal.displayName,
      appId: tenant.principal.appId,
      servicePrincipalId: tenant.principal.servicePrincipalId,
    },
    user: tenant.user.upn,
    caFile: plan.paths.caFile,
    log: paths.log,
    facet,
  };
}

/** What a client of the emulator reads from its environment (docs/lab.md). */
function azureEnv(azure: LabAzure): Record<AzureEnvName, string> {
  return {
    KERBPROBE_AZURE_AUTHORITY_HOST: azure.authorityHost,
    KERBPROBE_AZURE_TENANT_ID: azure.tenantId,
    KERBPROBE_AZURE_CLIENT_ID: azure.clientId,
    KERBPROBE_AZURE_ARM_ENDPOINT: azure.armEndpoint,
    KERBPROBE_AZURE_GRAPH_ENDPOINT: azure.graphEndpoint,
    KERBPROBE_AZURE_CA_FILE: azure.caFile,
  };
}

/** Like Promise.all, but waits for every task to finish (so none starts a process after cleanup ran). */
async function settleAll(tasks: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function startLab(opts: StartLabOptions): Promise<LabInfo> {
  const t0 = performance.now();
  const def = getScenario(opts.scenario ?? 'healthy');
  const dir = resolve(opts.dir);
  const release = acquireStartLock(dir);
  try {
    for (let attempt = 1; ; attempt++) {
      prepareLabDir(dir);
      try {
        return await attemptLab(def, dir, t0, opts.rtt);
      } catch (err) {
        // Labs in other processes pick ports too: one may have bound ours between our probe and the
        // server's bind. Everything is stopped by then; start over with new ports.
        if (err instanceof KerbProbeError && err.code === 'LAB_PORT_TAKEN' && attempt < 3) continue;
        throw err;
      }
    }
  } finally {
    release();
  }
}

async function attemptLab(def: ScenarioDef, dir: string, t0: number, rtt?: RttProfile): Promise<LabInfo> {
  const plan = await makePlan(def, dir);
  const started: LabProcess[] = [];
  const track = (proc: LabProcess) => {
    started.push(proc);
    recordProcess(dir, proc);
  };
  try {
    writeSecrets(dir, plan.secrets);
    writeFileSync(plan.paths.kdcKrb5Conf, renderKdcKrb5Conf());
    const [onprem, cloud, ca] = await Promise.all([
      createRealm({
        name: ONPREM_REALM,
        role: 'onprem',
        dir: plan.paths.onpremDir,
        port: plan.onpremPort,
        kdcKrb5Conf: plan.paths.kdcKrb5Conf,
        supportedEnctypes: ONPREM_ENCTYPES,
      }),
      createRealm({
        name: CLOUD_REALM,
        role: 'cloud',
        dir: plan.paths.cloudDir,
        port: plan.cloudPort,
        kdcKrb5Conf: plan.paths.kdcKrb5Conf,
        supportedEnctypes: CLOUD_ENCTYPES,
      }),
      createCa(`KerbProbe Lab CA ${plan.tag}`),
    ]);
    await createPrincipals(plan, onprem, cloud);
    writeClientFiles(plan, ca);

    // 'kdc-proxy-inspected': what a TLS-inspecting proxy does to the client's view — the same proxy, its
    // certificate re-issued by another CA (the inspecting device's) that the client's trust does not name.
    const proxyCa =
      def.cloudTransport === 'kdc-proxy-inspected' ? await createCa(`KerbProbe TLS Inspection CA ${plan.tag}`) : ca;
    const proxy =
      (def.cloudTransport === 'kdc-proxy' || def.cloudTransport === 'kdc-proxy-inspected') &&
      plan.proxyPort !== undefined
        ? startKdcProxy({
            dir: plan.paths.proxyDir,
            port: plan.proxyPort,
            ca: proxyCa,
            realm: CLOUD_REALM,
            kdcPort: plan.cloudPort,
          }).then(track)
        : Promise.resolve();
    proxy.catch(() => undefined); // observed below; a rejection must not count as unhandled meanwhile
    let azure: LabAzure | undefined;
    // A cloud user's logon goes through the proxy when there is one.
    await settleAll([
      startAzure(plan, ca, track).then((started) => {
        azure = started;
      }),
      proxy,
      bringUpRealm(plan, cloud, def.cloudKdc, def.user === 'cloud', track, proxy),
      bringUpRealm(plan, onprem, def.onpremKdc, def.user === 'trust', track, Promise.resolve()),
    ]);

    const users = [
      { principal: ALICE, flow: 'trust' as const },
      { principal: BOB, flow: 'cloud' as const },
    ];
    const sql = await startSqlServer({
      dir,
      scenario: def,
      fqdn: plan.fqdn,
      port: plan.sqlPort,
      spn: plan.spn,
      routing: plan.routing,
      keytab: plan.paths.keytab,
      ca,
      caFile: plan.paths.caFile,
      env: { ...plan.clientEnv },
      realmCloud: CLOUD_REALM,
      loginNames: users
        .map((u) => u.principal.toLowerCase())
        .filter((name) => !(def.sql === 'login-not-mapped' && name === plan.userPrincipal?.toLowerCase())),
    });
    for (const pid of sql.pids) track({ pid, role: 'sql', startTicks: processStartTicks(pid) });

    // Distance comes last: the logons above went straight to the KDCs; from here on the client's files name
    // the relays.
    const relays = rtt && Object.keys(rtt).length ? await relayRoutes(plan, rtt) : null;
    if (relays?.length) track(await startRelayProcess({ dir, routes: relays }));
    const peers = rtt ? peerHosts(rtt) : DIRECT;
    if (rtt) writeClientFiles(plan, ca, peers);

    const realms: LabRealm[] = [
      { name: ONPREM_REALM, role: 'onprem', kdc: `${peers.userKdc}:${plan.onpremPort}` },
      {
        name: CLOUD_REALM,
        role: 'cloud',
        kdc: `${peers.cloudKdc}:${plan.cloudPort}`,
        ...(plan.proxyPort !== undefined ? { proxyUrl: kdcProxyUrl(plan.proxyPort, peers.kdcProxy) } : {}),
      },
    ];
    // Temporary KDCs (the logon before a KDC goes away) are already gone and are not part of the lab.
    const alive = started.filter(isRecordedProcessAlive);
    const info: LabInfo = {
      scenario: def.name,
      summary: def.summary,
      expectedCode: def.expectedCode,
      dir,
      env: { ...plan.clientEnv, ...(azure ? azureEnv(azure) : {}) },
      realms,
      users,
      user: plan.userPrincipal,
      server: plan.fqdn,
      address: peers.sql,
      port: plan.sqlPort,
      spn: plan.spn,
      caFile: plan.paths.caFile,
      ...(plan.routing
        ? { routing: { server: plan.routing.fqdn, port: plan.routing.port, spn: plan.routing.spn } }
        : {}),
      keytab: plan.paths.keytab,
      pids: alive.map((p) => p.pid),
      processes: alive,
      ...(sql.extra ? { sql: sql.extra } : {}),
      ...(azure ? { azure } : {}),
      ...(rtt
        ? {
            rtt,
            relays: (relays ?? []).map(({ peer, listenHost, port, rttMs }) => ({ peer, listenHost, port, rttMs })),
          }
        : {}),
      startedAt: new Date().toISOString(),
      startupMs: Math.round(performance.now() - t0),
    };
    writeLabJson(dir, info);
    return info;
  } catch (err) {
    await stopProcesses(started).catch(() => undefined);
    if (err instanceof KerbProbeError) throw err;
    throw new KerbProbeError('LAB_START_FAILED', `lab up failed: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

/** The lab's instance as `check` and `collect` take it; `caFile` as the client sees the file (a Windows path). */
export function labTargetArgs(info: LabInfo, caFile: string = info.caFile): string[] {
  return ['--server', info.server, '--port', String(info.port), '--address', info.address, '--ca', caFile];
}

/** The `kerbprobe check` command line that checks a lab's instance as a user would, with a JSON report. */
export function labCheckArgs(info: LabInfo): string[] {
  return ['check', ...labTargetArgs(info), '--json'];
}

/** Stops every process the lab in DIR recorded; idempotent; resolves when they are all gone. */
export async function stopLab(dir: string): Promise<void> {
  await stopProcesses(recordedProcesses(resolve(dir)));
}
