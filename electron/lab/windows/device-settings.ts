// The settings of the lab's Windows client that the device checks read, as reg.exe, whoami, netsh and sc print
// them (layouts: reg query values indented by four spaces, `NAME    TYPE    DATA`; whoami /groups' table with the
// SID column; netsh winhttp's two-line answer, localized; sc query's STATE line with its number:
// https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/reg-query,
// https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/whoami,
// https://learn.microsoft.com/en-us/windows/win32/winhttp/netsh-exe-commands,
// https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/sc-query). By default the
// device is healthy — Windows 11 23H2 (22631.4460), an interactive medium-integrity session, WinHTTP direct, both
// services running, no realm mapping, no Fiddler leftovers — and a variant changes one setting.

/** One setting changed from the healthy device (the Windows-matrix variants). */
export interface LabDeviceSettings {
  build?: { build: number; ubr?: number; installationType?: string; productName?: string; displayVersion?: string };
  /** The session the check runs in. */
  session?: 'interactive' | 'elevated' | 'service';
  /** `netsh winhttp show proxy`'s proxy (`host:port`); direct access when absent. */
  winhttpProxy?: string;
  /** netsh's language (its labels are localized). */
  netshLanguage?: 'en' | 'de';
  /** A ProxyMgr entry naming Fiddler's 127.0.0.1:8888, as a closed Fiddler leaves it. */
  fiddlerLeftover?: boolean;
  /** Services that are stopped. */
  stoppedServices?: string[];
  /** A host-to-realm mapping (ksetup /addhosttorealmmap). */
  hostToRealm?: { realm: string; hosts: string[] };
  /** The ports KerbTopLevelNames lists for `.windows.net` (the lab instance's port by default). */
  topLevelPorts?: number[];
  /** The tenant id the KDC proxy policy names (the device's by default). */
  policyTenant?: string;
  /** LsaCfgFlags under the LSA key (absent by default). */
  lsaCfgFlags?: number;
  /** dsregcmd: Microsoft Entra joined only (not domain joined). */
  entraOnly?: boolean;
  /** dsregcmd: AzureAdPrt NO in this session ("Run as" another user). */
  noPrt?: boolean;
}

const HKLM = (key: string): string => key.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE');
/** reg.exe's answer: a blank line, the key, its values, a blank line (CRLF). */
export function renderRegKey(key: string, values: { name: string; type: string; data: string }[]): string {
  return ['', HKLM(key), ...values.map((v) => `    ${v.name}    ${v.type}    ${v.data}`), '', ''].join('\r\n');
}
/** reg.exe's answer for `/s`: each subkey with its values. */
export function renderRegTree(keys: { key: string; values: { name: string; type: string; data: string }[] }[]): string {
  return [
    '',
    ...keys.flatMap((k) => [HKLM(k.key), ...k.values.map((v) => `    ${v.name}    ${v.type}    ${v.data}`), '']),
    '',
  ].join('\r\n');
}

export function renderCurrentVersion(key: string, settings: LabDeviceSettings): string {
  const windowsBuild = settings.build ?? {
    build: 22631,
    ubr: 4460,
    installationType: 'Client',
    productName: 'Windows 10 Enterprise',
    displayVersion: '23H2',
  };
  const values = [
    { name: 'SystemRoot', type: 'REG_SZ', data: 'C:\\WINDOWS' },
    { name: 'CurrentBuildNumber', type: 'REG_SZ', data: String(windowsBuild.build) },
    { name: 'CurrentVersion', type: 'REG_SZ', data: '6.3' },
    ...(windowsBuild.installationType
      ? [{ name: 'InstallationType', type: 'REG_SZ', data: windowsBuild.installationType }]
      : []),
    ...(windowsBuild.productName ? [{ name: 'ProductName', type: 'REG_SZ', data: windowsBuild.productName }] : []),
    ...(windowsBuild.displayVersion
      ? [{ name: 'DisplayVersion', type: 'REG_SZ', data: windowsBuild.displayVersion }]
      : []),
    { name: 'CurrentBuild', type: 'REG_SZ', data: String(windowsBuild.build) },
    ...(windowsBuild.ubr === undefined
      ? []
      : [{ name: 'UBR', type: 'REG_DWORD', data: `0x${windowsBuild.ubr.toString(16)}` }]),
  ];
  return renderRegKey(key, values);
}

/** whoami /groups in its default table layout (the SID column is what the check reads). */
export function renderWhoamiGroups(settings: LabDeviceSettings): string {
  const session = settings.session ?? 'interactive';
  const rows: [string, string, string, string][] = [
    ['Everyone', 'Well-known group', 'S-1-1-0', 'Mandatory group, Enabled by default, Enabled group'],
    ['BUILTIN\\Users', 'Alias', 'S-1-5-32-545', 'Mandatory group, Enabled by default, Enabled group'],
    [
      'BUILTIN\\Administrators',
      'Alias',
      'S-1-5-32-544',
      session === 'elevated'
        ? 'Mandatory group, Enabled by default, Enabled group, Group owner'
        : 'Group used for deny only',
    ],
    ...(session === 'service'
      ? [
          [
            'NT AUTHORITY\\SERVICE',
            'Well-known group',
            'S-1-5-6',
            'Mandatory group, Enabled by default, Enabled group',
          ] as [string, string, string, string],
        ]
      : [
          [
            'NT AUTHORITY\\INTERACTIVE',
            'Well-known group',
            'S-1-5-4',
            'Mandatory group, Enabled by default, Enabled group',
          ] as [string, string, string, string],
          ['CONSOLE LOGON', 'Well-known group', 'S-1-2-1', 'Mandatory group, Enabled by default, Enabled group'] as [
            string,
            string,
            string,
            string,
          ],
        ]),
    [
      'NT AUTHORITY\\Authenticated Users',
      'Well-known group',
      'S-1-5-11',
      'Mandatory group, Enabled by default, Enabled group',
    ],
    [
      session === 'elevated'
        ? 'Mandatory Label\\High Mandatory Level'
        : session === 'service'
          ? 'Mandatory Label\\System Mandatory Level'
          : 'Mandatory Label\\Medium Mandatory Level',
      'Label',
      session === 'elevated' ? 'S-1-16-12288' : session === 'service' ? 'S-1-16-16384' : 'S-1-16-8192',
      '',
    ],
  ];
  const widths = [40, 16, 13];
  const pad = (row: [string, string, string, string]) =>
    `${row[0].padEnd(widths[0]!)} ${row[1].padEnd(widths[1]!)} ${row[2].padEnd(widths[2]!)} ${row[3]}`.trimEnd();
  return [
    '',
    'GROUP INFORMATION',
    '-----------------',
    '',
    pad(['Group Name', 'Type', 'SID', 'Attributes']),
    `${'='.repeat(widths[0]!)} ${'='.repeat(widths[1]!)} ${'='.repeat(widths[2]!)} ${'='.repeat(50)}`,
    ...rows.map(pad),
    '',
  ].join('\r\n');
}

const NETSH = {
  en: {
    title: 'Current WinHTTP proxy settings:',
    direct: '    Direct access (no proxy server).',
    proxy: '    Proxy Server(s) :  ',
    bypass: '    Bypass List     :  ',
    none: '(none)',
  },
  de: {
    title: 'Aktuelle WinHTTP-Proxyeinstellungen:',
    direct: '    Direkter Zugriff (kein Proxyserver).',
    proxy: '    Proxyserver     :  ',
    bypass: '    Umgehungsliste  :  ',
    none: '(keine)',
  },
};
export function renderNetshWinhttp(s: LabDeviceSettings): string {
  const t = NETSH[s.netshLanguage ?? 'en'];
  return [
    '',
    t.title,
    '',
    ...(s.winhttpProxy ? [`${t.proxy}${s.winhttpProxy}`, `${t.bypass}${t.none}`] : [t.direct]),
    '',
  ].join('\r\n');
}

export function renderScQuery(name: string, settings: LabDeviceSettings): string {
  const running = !(settings.stoppedServices ?? []).some((x) => x.toLowerCase() === name.toLowerCase());
  return [
    '',
    `SERVICE_NAME: ${name}`,
    '        TYPE               : 20  WIN32_SHARE_PROCESS',
    running ? '        STATE              : 4  RUNNING' : '        STATE              : 1  STOPPED',
    running
      ? '                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)'
      : '                                (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)',
    `        WIN32_EXIT_CODE    : ${running ? 0 : 1077}  (0x${(running ? 0 : 1077).toString(16)})`,
    '        SERVICE_EXIT_CODE  : 0  (0x0)',
    '        CHECKPOINT         : 0x0',
    '        WAIT_HINT          : 0x0',
    '',
  ].join('\r\n');
}
