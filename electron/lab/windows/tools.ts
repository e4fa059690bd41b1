// The Windows tools as a Windows client of this lab would see them: `klist` lists the lab user's real tickets
// (read from the lab's ccache at the moment it is asked, so tickets the check obtained appear), rendered in
// Windows' layout (./klist.ts); `klist get <name>` makes a real TGS exchange with the lab's KDCs (MIT kvno)
// and prints the outcome as Windows does — the ticket list, or the substatus Microsoft documents for that
// KDC answer; the DC locator finds the on-prem KDC as Windows would (DNS SRV from a small real DNS server on
// loopback, `nltest /dsgetdc:`), and `reg query` of the KDC proxy policy names the lab's MS-KKDCP proxy when
// the scenario has one. dsregcmd and klist cloud_debug describe the lab's hybrid-joined device (./device-state.ts);
// the device checks' reads (the build, whoami /groups, netsh winhttp, sc query, HostToRealm, ProxyMgr,
// LsaCfgFlags) answer from a healthy device unless a variant changes one setting (./device-settings.ts).
// Any other tool is missing, as on a machine without it: the engine reports a missing tool as a warning.
import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { KerbProbeError } from '../../engine/errors';
import type { ToolResult, ToolRunner } from '../../engine/run-tool';
import type { OsServices } from '../../engine/check/os-services';
import type { LabInfo } from '../lab-types';
import { runTool as runMitTool } from '../mit-tools';
import { startTestDns } from './dns-server';
import { renderCloudDebug, renderDsregcmd } from './device-state';
import { labSspi } from './sspi';
import { ENTRA_KERBEROS_REALM, renderWindowsKlist, type KlistLanguage } from './klist';
import { readLabCcache, type LabTicket } from './lab-ticket';
import { WINDOWS_REGISTRY } from './registry-keys';
import {
  renderCurrentVersion,
  renderNetshWinhttp,
  renderRegKey,
  renderRegTree,
  renderScQuery,
  renderWhoamiGroups,
  type LabDeviceSettings,
} from './device-settings';

const CLOUD_REALM = ENTRA_KERBEROS_REALM;
const KDC_PROXY_KEY = WINDOWS_REGISTRY.kdcProxyServers;

/**
 * The DNS suffixes Windows sends to Microsoft Entra Kerberos (dsregcmd's KerbTopLevelNames for an Azure SQL MI
 * device: `.windows.net,.windows.net:1433,.windows.net:3342,.azure.net,…`,
 * https://learn.microsoft.com/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state); any other host
 * is asked of the user's own realm.
 */
const ENTRA_TOP_LEVEL_NAMES = ['.windows.net', '.azure.net'];

/** The UPN suffix the lab's cloud user signs in with, as Windows would print it. */
export const LAB_UPN_SUFFIX = 'contoso.test';

/** Windows' `Kdc Called`: a cloud TGT was supplied at sign-in; every other ticket came from its realm's KDC. */
function kdcCalled(info: LabInfo): (t: LabTicket) => string {
  return (t) => {
    const realm = t.serverRealm.toUpperCase();
    if (realm === CLOUD_REALM && t.server.toUpperCase() === `KRBTGT/${CLOUD_REALM}`) return 'TicketSuppliedAtLogon';
    return info.realms.find((r) => r.name.toUpperCase() === realm)?.kdc ?? '';
  };
}

/**
 * Windows' `klist get` failure for a KDC answer, as Microsoft documents the substatus for Azure SQL MI
 * (https://learn.microsoft.com/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot: 0x6fb "SQL SPN
 * not found", 0x51f no KDC (proxy) reachable); the NTSTATUS line klist prints after it is the one Windows
 * pairs with the substatus (0xc000018b is the misleading "SAM database" text Windows shows for 0x6fb). An
 * answer Microsoft documents no klist output for gets none: the adapter does not invent one.
 */
const KLIST_GET_FAILURES: { mit: RegExp; substatus: string; status: string; statusDecimal: number; text: string }[] = [
  {
    mit: /not found in Kerberos database/i,
    substatus: '0x6fb',
    status: '0xc000018b',
    statusDecimal: -1073741429,
    text:
      'The SAM database on the Windows Server does not have a computer account for this workstation trust ' +
      'relationship.',
  },
  {
    mit: /Cannot contact any KDC|Cannot find KDC/i,
    substatus: '0x51f',
    status: '0xc000005e',
    statusDecimal: -1073741730,
    text: 'There are currently no logon servers available to service the logon request.',
  },
];

function klistGetFailure(f: (typeof KLIST_GET_FAILURES)[number]): string {
  return [
    '',
    'Current LogonId is 0:0x3e7a1b',
    `Error calling API LsaCallAuthenticationPackage (GetTicket substatus): ${f.substatus}`,
    '',
    `klist failed with ${f.status}/${f.statusDecimal}: ${f.text}`,
    '',
  ].join('\r\n');
}

async function cachedTickets(ccachePath: string): Promise<LabTicket[]> {
  try {
    return readLabCcache(await readFile(ccachePath));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The lab as a Windows client of it sees it: the OS services a Windows check of the lab runs on. */
export interface LabWindowsView {
  /**
   * What the check gets instead of this machine's (`createRealDeps({ env: info.env, os: view.os })`): the
   * tools above, SSPI's answers (./sspi.ts), the loopback DNS server that answers the DC locator's SRV and A
   * queries, the lab CA (it issued the KDC proxy's certificate, whose chain names it), and the lab's own KDC
   * proxy as the one a device of the lab's tenant uses (null where the scenario has none).
   */
  os: OsServices;
  /** Every tool call, as `command args…`. */
  calls: string[];
  /** Every DNS question, as `TYPE name`. */
  dnsQueries: string[];
  close(): Promise<void>;
}

/** The DC's name in the lab's Windows view (what nltest and the SRV records name). */
const LAB_DC = 'kdc1';
/** The tenant the lab's device is Microsoft Entra joined to. */
const LAB_TENANT_ID = '7a1b0000-0000-4000-8000-00000000cafe';

/** The lab as a Windows client of it sees it; close() stops its DNS server. */
export async function labWindows(
  info: LabInfo,
  options: { language?: KlistLanguage; device?: LabDeviceSettings } = {},
): Promise<LabWindowsView> {
  const device = options.device ?? {};
  const ccachePath = info.env.KRB5CCNAME.replace(/^FILE:/, '');
  const onprem = info.realms.find((r) => r.role === 'onprem');
  const cloud = info.realms.find((r) => r.role === 'cloud');
  const domain = onprem?.name.toLowerCase() ?? '';
  const [kdcHost, kdcPort] = (onprem?.kdc ?? ':').split(':') as [string, string];
  const dcFqdn = `${LAB_DC}.${domain}`;
  const srv = [{ priority: 0, weight: 100, port: Number(kdcPort), target: dcFqdn }];
  const dns = await startTestDns(
    onprem
      ? {
          [`_kerberos._tcp.dc._msdcs.${domain}`]: { srv },
          [`_kerberos._tcp.${domain}`]: { srv },
          [dcFqdn]: { a: [kdcHost] },
        }
      : {},
  );
  // The KDC proxy policy's value syntax `<https host:port:path />`, as Microsoft gives it for the Entra realm:
  // https://learn.microsoft.com/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow
  const proxy = cloud?.proxyUrl ? new URL(cloud.proxyUrl) : null;
  // With a tenant, the path is Entra's `<tenant>/kerberos` (a variant names another tenant than the device's).
  const policyPath = device.policyTenant
    ? `${device.policyTenant}/kerberos`
    : (proxy?.pathname.replace(/^\//, '') ?? '');
  const policy = proxy ? `<https ${proxy.hostname}:${proxy.port}:${policyPath} />` : null;

  // Windows picks the realm of a name from its host (KerbTopLevelNames) and asks a referral from the
  // user's own realm; MIT's kvno would put an unqualified name in its default realm, so say the realm.
  const userRealm = info.user ? info.user.slice(info.user.lastIndexOf('@') + 1) : null;
  const qualified = (name: string): string => {
    if (name.includes('@')) return name;
    const host = /^[^/]+\/([^:/]+)/.exec(name)?.[1]?.toLowerCase() ?? '';
    const entra = !/^krbtgt\//i.test(name) && ENTRA_TOP_LEVEL_NAMES.some((suffix) => host.endsWith(suffix));
    const realm = entra ? CLOUD_REALM : userRealm;
    return realm ? `${name}@${realm}` : name;
  };
  const render = async () =>
    renderWindowsKlist(await cachedTickets(ccachePath), {
      upnSuffix: LAB_UPN_SUFFIX,
      kdcCalled: kdcCalled(info),
      ...(options.language ? { language: options.language } : {}),
    });
  const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
  const calls: string[] = [];

  const runTool: ToolRunner = async (command, args, opts) => {
    calls.push([command, ...args].join(' '));
    if (command === 'klist' && args.length === 0) return ok(await render());
    if (command === 'klist' && args[0] === 'get' && args[1]) {
      const kvno = await runMitTool('kvno', [qualified(args[1])], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', ...info.env },
        timeoutMs: opts.timeoutMs,
      });
      if (kvno.code === 0)
        return ok(
          `\r\nCurrent LogonId is 0:0x3e7a1b\r\nA ticket to ${args[1]} has been retrieved ` +
            `successfully.\r\n${await render()}`,
        );
      const failure = KLIST_GET_FAILURES.find((f) => f.mit.test(kvno.stderr));
      if (failure) return { stdout: klistGetFailure(failure), stderr: '', exitCode: 1 };
      throw new KerbProbeError(
        'TOOL_FAILED',
        `klist get: the lab's answer (${kvno.stderr.trim().split('\n')[0] ?? ''}) has no documented Windows output`,
      );
    }
    if (command === 'nltest' && onprem && args[0]?.toLowerCase() === `/dsgetdc:${domain}`) {
      return ok(
        [
          `           DC: \\\\${dcFqdn}`,
          `      Address: \\\\${kdcHost}`,
          `     Dom Name: ${domain}`,
          `  Forest Name: ${domain}`,
          '        Flags: PDC GC DS LDAP KDC TIMESERV WRITABLE DNS_DC DNS_DOMAIN DNS_FOREST CLOSE_SITE',
          'The command completed successfully',
          '',
        ].join('\r\n'),
      );
    }
    if (command === 'reg' && args[0] === 'query') return regQuery(args, device, policy);
    if (command === 'whoami' && args[0] === '/groups') return ok(renderWhoamiGroups(device));
    if (command === 'netsh' && args.join(' ').toLowerCase() === 'winhttp show proxy')
      return ok(renderNetshWinhttp(device));
    if (command === 'sc' && args[0] === 'query' && args[1]) return ok(renderScQuery(args[1], device));
    if (command === 'dsregcmd' && args[0] === '/status')
      return ok(
        renderDsregcmd(await cachedTickets(ccachePath), {
          domain: onprem?.name ?? 'CONTOSO.TEST',
          tenantId: LAB_TENANT_ID,
          topLevelPorts: device.topLevelPorts ?? [info.port],
          ...(device.entraOnly ? { entraOnly: true } : {}),
          ...(device.noPrt ? { noPrt: true } : {}),
        }),
      );
    if (command === 'klist' && args[0] === 'cloud_debug') return ok(renderCloudDebug(await cachedTickets(ccachePath)));
    throw new KerbProbeError('TOOL_NOT_FOUND', `${command} is not installed or not on PATH`);
  };
  const caName = /CN=([^\n,]+)/.exec(new X509Certificate(await readFile(info.caFile)).subject)?.[1] ?? '';
  return {
    os: {
      platform: 'win32',
      runTool,
      sspi: labSspi(),
      dnsServers: [dns.server],
      kdcProxyAnchors: [info.caFile],
      kdcProxyIssuers: [`CN=${caName}`],
      entraKdcProxyUrl: () => cloud?.proxyUrl ?? null,
    },
    calls,
    dnsQueries: dns.queries,
    close: () => dns.close(),
  };
}

/** What `reg query <key> [/v <value>]` prints in the lab's Windows view (not found unless set up). */
function regQuery(args: readonly string[], device: LabDeviceSettings, policy: string | null): ToolResult {
  if (args[1] === KDC_PROXY_KEY && policy) {
    return answered(
      `\r\n${KDC_PROXY_KEY.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE')}\r\n    ${CLOUD_REALM}    REG_SZ    ` +
        `${policy}\r\n\r\n`,
    );
  }
  // The cloud Kerberos policy is set by Group Policy (the policy path), not in the LSA path.
  if (args[1] === WINDOWS_REGISTRY.kerberosPolicyParameters && args[3] === 'CloudKerberosTicketRetrievalEnabled') {
    return answered(
      `\r\n${(args[1] ?? '').replace(/^HKLM/, 'HKEY_LOCAL_MACHINE')}\r\n    ` +
        `CloudKerberosTicketRetrievalEnabled    REG_DWORD    0x1\r\n\r\n`,
    );
  }
  // The device checks' reads (./device-settings.ts).
  const key = args[1]?.toLowerCase();
  if (key === WINDOWS_REGISTRY.currentVersion.toLowerCase())
    return answered(renderCurrentVersion(WINDOWS_REGISTRY.currentVersion, device));
  if (key === WINDOWS_REGISTRY.lsa.toLowerCase() && args[3] === 'LsaCfgFlags' && device.lsaCfgFlags !== undefined) {
    return answered(
      renderRegKey(WINDOWS_REGISTRY.lsa, [
        { name: 'LsaCfgFlags', type: 'REG_DWORD', data: `0x${device.lsaCfgFlags.toString(16)}` },
      ]),
    );
  }
  if (key === WINDOWS_REGISTRY.hostToRealm.toLowerCase() && device.hostToRealm) {
    const mapping = device.hostToRealm;
    return answered(
      renderRegTree([
        { key: WINDOWS_REGISTRY.hostToRealm, values: [] },
        {
          key: `${WINDOWS_REGISTRY.hostToRealm}\\${mapping.realm}`,
          values: [{ name: 'SpnMappings', type: 'REG_MULTI_SZ', data: `${mapping.hosts.join('\\0')}` }],
        },
      ]),
    );
  }
  if (key === WINDOWS_REGISTRY.proxyMgr.toLowerCase() && device.fiddlerLeftover) {
    return answered(
      renderRegTree([
        { key: WINDOWS_REGISTRY.proxyMgr, values: [] },
        {
          key: `${WINDOWS_REGISTRY.proxyMgr}\\{A1B2C3D4-0000-4000-8000-000000008888}`,
          values: [{ name: 'StaticProxy', type: 'REG_SZ', data: 'http=127.0.0.1:8888;https=127.0.0.1:8888' }],
        },
      ]),
    );
  }
  if (key === WINDOWS_REGISTRY.kerberosPolicy.toLowerCase() && args[3] === 'KdcProxyServer_Enabled' && policy) {
    return answered(
      renderRegKey(WINDOWS_REGISTRY.kerberosPolicy, [
        { name: 'KdcProxyServer_Enabled', type: 'REG_DWORD', data: '0x1' },
      ]),
    );
  }
  return {
    stdout: '',
    stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n',
    exitCode: 1,
  };
}

function answered(stdout: string): ToolResult {
  return { stdout, stderr: '', exitCode: 0 };
}
