// Realistic identities, shaped as real machines and organisations are (a user folder with spaces and accents, a
// company name with a space, a device named from its user, a custom proxy, realm and KDC proxy), and the way each
// reaches a tool output `collect` gathers: written into the outputs a Windows client of the lab prints (the lab's
// renditions stay as they are: the identities are added to what they answer, in each tool's own layout), and into
// the paths the MIT tools print. Redaction must leave none of them anywhere.
import type { ToolRunner } from '../../../electron/engine/run-tool';

export const IDENTITY = {
  userFolder: 'C:\\Users\\José María García',
  posixHome: '/home/john smith',
  displayName: 'José María García',
  login: 'jgarcia',
  upn: 'jose.garcia@northwind-traders.com',
  company: 'Northwind Traders',
  netbios: 'NORTHWIND',
  domain: 'corp.northwind-traders.com',
  realm: 'CORP.NORTHWIND-TRADERS.COM',
  device: 'LAPTOP-JSMITH42',
  tenantId: '5c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e5',
  proxy: 'proxy-eu.northwind-traders.com',
  bypass: 'intranet.northwind.local',
  kdcProxy: 'kdcproxy.northwind-traders.com',
  mappedRealm: 'SALES.NORTHWIND-TRADERS.COM',
  mappedSuffix: 'sqlfarm.northwind-traders.net',
  group: 'Finance Team Leads',
  localGroup: 'docker-users',
  mac: '00-15-5D-4A-1B-2C',
  dc: 'dc07.corp.northwind-traders.com',
} as const;

/** Every string that must not survive redaction (what a reader could tell the organisation or the person by). */
export const IDENTITY_LEAKS: readonly string[] = [
  'José',
  'María',
  'García',
  'john smith',
  'jgarcia',
  'jose.garcia',
  'Northwind',
  'Traders',
  'JSMITH42',
  IDENTITY.tenantId,
  'proxy-eu',
  'intranet.',
  'kdcproxy.northwind',
  'sqlfarm',
  'Finance Team',
  'docker-users',
  IDENTITY.mac,
  'dc07',
];

/** Leaks in `text` (case-insensitive), for an assertion's message. */
export const leaksIn = (text: string): string[] =>
  IDENTITY_LEAKS.filter((leak) => text.toLowerCase().includes(leak.toLowerCase()));

const reg = (key: string, values: [string, string, string][]): string[] => [
  key,
  ...values.map(([name, type, data]) => `    ${name}    ${type}    ${data}`),
  '',
];

const groupRow = (name: string, type: string, sid: string): string =>
  `${name.padEnd(40)} ${type.padEnd(16)} ${sid.padEnd(13)} Mandatory group, Enabled by default, Enabled group`;

/** The identities written into one tool's answer, in that tool's layout (CRLF, as Windows prints). */
function withIdentity(command: string, args: readonly string[], stdout: string): string {
  const line = [command, ...args].join(' ').toLowerCase();
  const crlf = (lines: string[]) => lines.join('\r\n');
  const id = IDENTITY;
  if (line === 'dsregcmd /status')
    return (
      stdout.replace(/(Device Name : ).*/, `$1${id.device}.${id.domain}`) +
      crlf([
        '+----------------------------------------------------------------------+',
        '| Tenant Details                                                       |',
        '+----------------------------------------------------------------------+',
        '',
        `                TenantName : ${id.company}`,
        `                  TenantId : ${id.tenantId}`,
        `                    MdmUrl : https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc`,
        '',
        '+----------------------------------------------------------------------+',
        '| Diagnostic Data                                                      |',
        '+----------------------------------------------------------------------+',
        '',
        `    Executing Account Name : ${id.netbios}\\${id.login}, ${id.upn}`,
        `     Last HostName Update : ${id.device}`,
        `          Network Adapter : ${id.mac}`,
        '',
      ])
    );
  if (line === 'whoami /groups')
    return stdout.replace(
      /(\r\nMandatory Label)/,
      `\r\n${groupRow(`${id.netbios}\\${id.group}`, 'Group', 'S-1-5-21-1004336348-1177238915-682003330-4321')}` +
        `\r\n${groupRow(`${id.device}\\${id.localGroup}`, 'Alias', 'S-1-5-21-3623811015-3361044348-30300820-1009')}` +
        '$1',
    );
  if (line === 'netsh winhttp show proxy')
    return crlf([
      '',
      'Current WinHTTP proxy settings:',
      '',
      `    Proxy Server(s) :  http=${id.proxy}:8080;https=${id.proxy}:3128`,
      `    Bypass List     :  *.${id.domain};${id.bypass};10.20.*;<local>`,
      '',
    ]);
  if (line.startsWith('reg query') && /\\hosttorealm$|\\hosttorealm /i.test(`${line} `) && !/policies/i.test(line))
    return crlf([
      '',
      ...reg(`HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\HostToRealm\\${id.mappedRealm}`, [
        ['SpnMappings', 'REG_MULTI_SZ', `.${id.mappedSuffix}\\0sql01.${id.domain}`],
      ]),
    ]);
  if (line.startsWith('reg query') && /kdcproxy\\proxyservers/i.test(line))
    return crlf([
      '',
      ...reg(
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\KdcProxy\\ProxyServers',
        [[id.domain, 'REG_SZ', `<https ${id.kdcProxy}:443:kdcproxy />`]],
      ),
    ]);
  if (line.startsWith('reg query') && /windows nt\\currentversion/i.test(line))
    return stdout.replace(
      /(\r\n)(\s*CurrentBuild\s)/,
      `$1    RegisteredOwner    REG_SZ    ${id.displayName}$1    RegisteredOrganization    REG_SZ    ${id.company}` +
        `$1    PathName    REG_SZ    ${id.userFolder}\\Windows$1$2`,
    );
  if (command === 'klist' && !/cloud_debug/i.test(line)) return stdout.replace(/(Kdc Called:\s*)\S+/g, `$1${id.dc}`);
  return stdout;
}

/** A Windows client of the lab whose tools answer with the identities in them (stdout; stderr as it was). */
export function withIdentities(runTool: ToolRunner): ToolRunner {
  return async (command, args, opts) => {
    const result = await runTool(command, args, opts);
    return { ...result, stdout: withIdentity(command, args, result.stdout) };
  };
}
