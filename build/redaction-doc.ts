// `npm run docs:redaction`: writes the tables of docs/redaction.md from the field-kind tables redaction runs on
// (REPORT_FIELD_KINDS, each parser's *_FIELD_KINDS, the registry keys of redact-tool-output.ts, the history
// line's fields), between `<!-- generated:ID -->` and `<!-- /generated:ID -->`. The field and what happens to it
// come from the tables; why comes from the hand-written maps below, keyed by the tables' own keys, so a field a
// table gains and this file does not explain stops the generation (and test/engine/report/redaction-doc.test.ts).
//
//   npm run docs:redaction             rewrites docs/redaction.md
//   npm run docs:redaction -- --check  exits 1 when docs/redaction.md is not what the tables say
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { BundleSchema, CommandCaptureSchema, type ToolFieldKind } from '../electron/contract/bundle';
import { HISTORY_FIELDS, HISTORY_REDACTABLE, HISTORY_REDACTED_VALUE } from '../electron/contract/history';
import { REPORT_FIELD_KINDS, type ReportFieldKind } from '../electron/contract/report';
import { DSREGCMD_FIELD_KINDS } from '../electron/engine/environment/dsregcmd';
import { SC_QUERY_FIELD_KINDS } from '../electron/engine/environment/sc-query';
import { WHOAMI_GROUPS_FIELD_KINDS } from '../electron/engine/environment/whoami-groups';
import { WINHTTP_PROXY_FIELD_KINDS } from '../electron/engine/environment/winhttp-proxy';
import { CLOUD_DEBUG_FIELD_KINDS } from '../electron/engine/environment/windows-cloud-debug';
import {
  KEPT_PORTS,
  KEPT_SUFFIXES,
  MICROSOFT_DOMAINS,
  SYSTEM_DATABASES,
  WELL_KNOWN,
} from '../electron/engine/report/redact';
import { KLIST_FIELDS, NUMBER_TYPES, REDACTED, REG_KEYS, REMOVED } from '../electron/engine/report/redact-tool-output';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REDACTION_DOC = join(ROOT, 'docs', 'redaction.md');

/** What a field of a tool output becomes, by its kind (contract/bundle.ts's ToolFieldKind). */
export const TOOL_TREATMENT: Readonly<Record<ToolFieldKind, string>> = {
  fixed: 'kept',
  secret: `removed (\`${REMOVED}\`)`,
  host: "replaced by a placeholder of kind host (`host-N`; an address: `ip-N`) unless it is Microsoft's",
  hosts:
    'each entry replaced by a placeholder of kind host (`host-N`, `ip-N`); ' +
    "Microsoft's domains, `<local>` and the kept ports stay",
  proxy: 'each proxy host replaced by a placeholder of kind host (`host-N`, `ip-N`); the scheme and a kept port stay',
  'kdc-proxy': 'each KDC proxy server replaced by a placeholder of kind host (`host-N`); `<https … />` stays',
  url: "its host replaced by a placeholder of kind host (`host-N`) unless Microsoft's; the rest goes to the second net",
  realm: 'replaced by a placeholder of kind realm (`realm-N`)',
  tenant: 'replaced by a placeholder of kind tenant (`tenant-N`, the kind every GUID takes)',
  org: 'replaced by a placeholder of kind org (`org-N`)',
  user: 'replaced by a placeholder of kind user (`user-N`); its domain by `realm-N`',
  group: 'replaced by a placeholder of kind group (`group-N`); its domain by `realm-N`',
  path: 'replaced by a placeholder of kind path (`path-N`)',
};

/** What a field of the report becomes, by its kind (contract/report.ts's ReportFieldKind). */
export const REPORT_TREATMENT: Readonly<Record<ReportFieldKind, string>> = {
  fixed: 'kept',
  text: 'free text: every known name replaced by its placeholder, then the second net',
  host: 'replaced by a placeholder of kind host (`host-N`, an address `ip-N`); an Azure SQL suffix stays',
  principal: 'its host replaced by `host-N`, its realm by `realm-N`; the service (`MSSQLSvc`, `krbtgt`) stays',
  realm: 'replaced by a placeholder of kind realm (`realm-N`), its first label too',
  user: 'replaced by a placeholder of kind user (`user-N`); its realm or domain by `realm-N`',
  path: 'replaced by a placeholder of kind path (`path-N`)',
  database: 'replaced by a placeholder of kind database (`database-N`); a system database stays',
  dn: 'host names replaced by `host-N`, other values (CN, O, OU, L…) by `org-N`, `DC=` parts by `realm-N`; `C=` stays',
};

type Why = readonly [label: string, why: string];

// ── Why each field is treated as it is ──────────────────────────────────────────────────────────────────────

const MS_STATE = "Microsoft's own state word";
const JOIN = `${MS_STATE} (YES/NO), needed to judge the join type`;
const SRV_VERSION = "Microsoft's version number of the device registration service";
const SRV_ID = "Microsoft's fixed service id (`urn:ms-drs:enterpriseregistration.windows.net`)";
const SRV_URL = "the registration service's endpoint: Microsoft's host; a tenant id in its path names the organisation";
const TENANT_URL = "Entra's endpoint with the tenant (its id or domain) in the path: names the organisation";
const MDM_URL = "the MDM service's endpoint: Microsoft's (Intune) or a host the organisation chose";
const PRT_TIME =
  'a UTC time: a PRT not renewed for over 4 hours is a sign of trouble (troubleshoot-primary-refresh-token)';

/** dsregcmd /status, by the table's key (lower case, single spaces): the field as dsregcmd prints it, and why. */
export const DSREGCMD_WHY: Readonly<Record<string, Why>> = {
  azureadjoined: ['AzureAdJoined', JOIN],
  enterprisejoined: ['EnterpriseJoined', JOIN],
  domainjoined: ['DomainJoined', JOIN],
  'virtual desktop': ['Virtual Desktop', `${MS_STATE}: a virtual desktop session changes what sign-in does`],
  domainname: ['DomainName', "the AD domain's name names the organisation"],
  'device name': ['Device Name', 'names the device (often after its user: `LAPTOP-JSMITH42`)'],
  deviceid: ['DeviceId', "the device's Entra object id: one device, findable in the tenant"],
  thumbprint: ['Thumbprint', "a certificate thumbprint is a secret: it identifies the device's key pair"],
  devicecertificatevalidity: [
    'DeviceCertificateValidity',
    'two UTC times: an expired device certificate breaks the PRT',
  ],
  keycontainerid: ['KeyContainerId', "identifies the device key's container on this machine"],
  keyprovider: ['KeyProvider', "Microsoft's provider name: software or the TPM"],
  tpmprotected: ['TpmProtected', `${MS_STATE} (YES/NO): whether the device key is in the TPM`],
  deviceauthstatus: ['DeviceAuthStatus', `${MS_STATE}: a disabled or deleted device gets no PRT`],
  tenantname: ['TenantName', "the tenant's display name names the organisation"],
  tenantid: ['TenantId', 'the tenant id names the organisation (the same `tenant-N` as in the report and the URLs)'],
  idp: ['Idp', "the identity provider's host: Entra's, or the organisation's AD FS farm"],
  authcodeurl: ['AuthCodeUrl', TENANT_URL],
  accesstokenurl: ['AccessTokenUrl', TENANT_URL],
  mdmurl: ['MdmUrl', MDM_URL],
  mdmtouurl: ['MdmTouUrl', MDM_URL],
  mdmcomplianceurl: ['MdmComplianceUrl', MDM_URL],
  settingsurl: ['SettingsUrl', 'Enterprise State Roaming settings (a URL, Base64 in some builds): may name the tenant'],
  joinsrvversion: ['JoinSrvVersion', SRV_VERSION],
  joinsrvurl: ['JoinSrvUrl', SRV_URL],
  joinsrvid: ['JoinSrvId', SRV_ID],
  keysrvversion: ['KeySrvVersion', SRV_VERSION],
  keysrvurl: ['KeySrvUrl', SRV_URL],
  keysrvid: ['KeySrvId', SRV_ID],
  webauthnsrvversion: ['WebAuthNSrvVersion', SRV_VERSION],
  webauthnsrvurl: ['WebAuthNSrvUrl', SRV_URL],
  webauthnsrvid: ['WebAuthNSrvId', SRV_ID],
  devicemanagementsrvversion: ['DeviceManagementSrvVersion', SRV_VERSION],
  devicemanagementsrvurl: ['DeviceManagementSrvUrl', SRV_URL],
  devicemanagementsrvid: ['DeviceManagementSrvId', SRV_ID],
  ngcset: ['NgcSet', `${MS_STATE} (YES/NO): a Windows Hello for Business key is set`],
  canreset: ['CanReset', `${MS_STATE} (NonDestructiveOnly, DestructiveAndNonDestructive, …)`],
  workplacejoined: ['WorkplaceJoined', JOIN],
  wamdefaultset: ['WamDefaultSet', `${MS_STATE} (YES, NO, ERROR and its code): whether WAM has a default account`],
  wamdefaultauthority: ['WamDefaultAuthority', "Microsoft's word (`organizations`, `consumers`)"],
  wamdefaultid: ['WamDefaultId', "the WAM provider's authority: Microsoft's host, or the organisation's AD FS"],
  wamdefaultguid: ['WamDefaultGUID', "the WAM provider's id on this machine: nothing reads it, so it is not kept"],
  azureadprt: ['AzureAdPrt', `${MS_STATE} (YES/NO): without a PRT there is no cloud TGT`],
  azureadprtupdatetime: ['AzureAdPrtUpdateTime', PRT_TIME],
  azureadprtexpirytime: ['AzureAdPrtExpiryTime', PRT_TIME],
  azureadprtauthority: ['AzureAdPrtAuthority', TENANT_URL],
  enterpriseprt: ['EnterprisePrt', `${MS_STATE} (YES/NO): an AD FS PRT`],
  enterpriseprtupdatetime: ['EnterprisePrtUpdateTime', PRT_TIME],
  enterpriseprtexpirytime: ['EnterprisePrtExpiryTime', PRT_TIME],
  enterpriseprtauthority: ['EnterprisePrtAuthority', "the organisation's AD FS endpoint: names it"],
  onpremtgt: ['OnPremTgt', `${MS_STATE} (YES/NO): the on-premises TGT of a hybrid logon`],
  cloudtgt: ['CloudTgt', `${MS_STATE} (YES/NO): the cloud TGT, the first hop of the modern flow`],
  kerbtoplevelnames: [
    'KerbTopLevelNames',
    "the suffixes that get a cloud ticket: Microsoft's (`.windows.net:3342`) stay so a missing port reads; " +
      'others name the organisation',
  ],
  'executing account name': ['Executing Account Name', 'names the user (`DOMAIN\\user`, `user@domain`)'],
  aadrecoveryenabled: ['AadRecoveryEnabled', `${MS_STATE} (YES/NO)`],
  keysigntest: ['KeySignTest', "Microsoft's result word (PASSED, FAILED, MUST Run elevated…)"],
  'client time': ['Client Time', "the device's clock: a skew of over 5 minutes breaks Kerberos"],
};

const CLOUD_DEBUG_NUMBER = 'a number Microsoft defines (0/1, a credential type): what the cloud Kerberos checks read';
/** klist cloud_debug, by the table's key: the line's label as klist prints it, and why. */
export const CLOUD_DEBUG_WHY: Readonly<Record<string, Why>> = {
  'cloud kerberos enabled by policy': ['Cloud Kerberos enabled by policy', CLOUD_DEBUG_NUMBER],
  'as_rep callback received': ['AS_REP callback received', CLOUD_DEBUG_NUMBER],
  'as_rep callback used': ['AS_REP callback used', CLOUD_DEBUG_NUMBER],
  'cloud referral tgt present in cache': ['Cloud Referral TGT present in cache', CLOUD_DEBUG_NUMBER],
  'spn oracle configured': ['SPN oracle configured', CLOUD_DEBUG_NUMBER],
  'kdc proxy present in cache': ['KDC proxy present in cache', CLOUD_DEBUG_NUMBER],
  'public key credential present': ['Public Key Credential Present', CLOUD_DEBUG_NUMBER],
  'password-derived keys present': ['Password-derived Keys Present', CLOUD_DEBUG_NUMBER],
  'plaintext password present': ['Plaintext Password Present', `${CLOUD_DEBUG_NUMBER} (0/1, never the password)`],
  'as_rep credential type': ['AS_REP Credential Type', CLOUD_DEBUG_NUMBER],
  'cloud primary (hybrid logon) tgt available': ['Cloud Primary (Hybrid logon) TGT available', CLOUD_DEBUG_NUMBER],
  'current logonid is': ['Current LogonId is', 'a logon session number (`0:0x3e7a1b`): which session, not whose'],
};

const SC_WORDS = "a number with Windows' word for it";
/** sc query, by the table's key (the key as sc prints it, lower case). */
export const SC_QUERY_WHY: Readonly<Record<string, string>> = {
  service_name: "the service asked for (`WinHttpAutoProxySvc`, `iphlpsvc`): Windows' name",
  display_name: "Windows' display name of that service",
  type: SC_WORDS,
  state: `${SC_WORDS}: whether the service runs`,
  win32_exit_code: SC_WORDS,
  service_exit_code: SC_WORDS,
  checkpoint: SC_WORDS,
  wait_hint: SC_WORDS,
  pid: 'a process number: says nothing about whose machine it is',
  flags: SC_WORDS,
};

/** whoami /groups, by the table's key: the column (and which rows) as whoami prints them, and why. */
export const WHOAMI_WHY: Readonly<Record<string, Why>> = {
  groupNameOfWellKnownSid: [
    'Group Name, of a well-known SID (`S-1-1-0`, `S-1-5-32-…`, `S-1-16-…`)',
    "Windows' own groups (Everyone, BUILTIN\\Users, Mandatory Label\\…): " +
      "they say the session's integrity and logon type",
  ],
  groupNameOfDomainSid: [
    "Group Name, of a domain's, tenant's or machine's SID (`S-1-5-21-…`, `S-1-12-1-…`)",
    'named by the organisation (`NORTHWIND\\Finance Team Leads`, `LAPTOP-JSMITH42\\docker-users`)',
  ],
  type: ['Type', "Windows' word (Group, Alias, Well-known group, Label)"],
  sid: [
    'SID',
    "a well-known SID says what, not whose; a domain's or tenant's SID is then replaced by `sid-N` by the second net",
  ],
  attributes: ['Attributes', "Windows' words (Mandatory group, Enabled by default, Group used for deny only)"],
};

/** netsh winhttp show proxy, by position (the labels are localized). */
export const WINHTTP_WHY: readonly Why[] = [
  [
    'Proxy Server(s) (the first `label : value` line)',
    "the organisation's proxy hosts name it; a kept port still says which proxy",
  ],
  ['Bypass List (the second)', 'host names and suffixes the organisation bypasses'],
];

/** klist / kvno's labelled lines besides tickets, by the line pattern's source. */
export const KLIST_WHY: Readonly<Record<string, Why>> = {
  [String.raw`^(\s*Ticket cache:\s*)(?:[A-Z]+:)?(.+?)(\s*)$`]: [
    'Ticket cache: (MIT)',
    "a cache file or name: a path under the user's folder names the user",
  ],
  [String.raw`^(\s*Default principal:\s*)(.+?)(\s*)$`]: ['Default principal: (MIT)', 'names the user and the realm'],
  [String.raw`^(\s*Kdc Called:\s*)(.+?)(\s*)$`]: [
    'Kdc Called: (Windows)',
    "names the organisation's domain controller",
  ],
};

/** A ticket's fields as klist prints them (Windows, MIT), by the report's path. */
export const TICKET_WHY: Readonly<Record<string, Why>> = {
  'tickets[].client': ['Client: / Default principal', 'names the user'],
  'tickets[].clientRealm': ['Client: … @ REALM', "the user's realm names the organisation"],
  'tickets[].server': [
    'Server: / Service principal',
    'the service principal: its host and realm name the organisation',
  ],
  'tickets[].serverRealm': ['Server: … @ REALM', 'names the organisation (the cloud realm stays)'],
  'tickets[].start': ['Start Time', 'a time: a ticket not yet valid or expired is a diagnosis'],
  'tickets[].end': ['End Time', 'a time: a ticket not yet valid or expired is a diagnosis'],
  'tickets[].renewUntil': ['Renew Time / renew until', 'a time'],
  'tickets[].authTime': ['(auth time, MIT)', 'a time'],
  'tickets[].flags[]': ['Ticket Flags (words)', 'Kerberos words (forwardable, renewable, ok_as_delegate…)'],
  'tickets[].flagsHex': ['Ticket Flags 0x…', 'a number'],
  'tickets[].ticketEnctype': [
    'KerbTicket Encryption Type / Etype',
    'an encryption type: RC4 versus AES is a diagnosis',
  ],
  'tickets[].sessionEnctype': ['Session Key Type', 'an encryption type (the key itself is never collected)'],
  'tickets[].kdcCalled': ['Kdc Called', "names the organisation's domain controller"],
  'tickets[].cacheFlags': ['Cache Flags', "Windows' flags (0x1 -> PRIMARY)"],
};

const NUMBER = 'a number Microsoft defines';
interface RegWhy {
  about: string;
  values: Readonly<Record<string, Why>>;
  subkey?: string;
  valueName?: string;
  any?: string;
}
/** reg query, by key (as the table spells it): what the key is, and each value as reg prints its name. */
export const REG_WHY: Readonly<Record<string, RegWhy>> = {
  'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion': {
    about: 'the OS build: which Kerberos flows Windows supports',
    values: {
      currentbuild: ['CurrentBuild', "Microsoft's build number: which flows are supported"],
      currentbuildnumber: ['CurrentBuildNumber', "Microsoft's build number"],
      currentversion: ['CurrentVersion', "Microsoft's version number"],
      currentmajorversionnumber: ['CurrentMajorVersionNumber', NUMBER],
      currentminorversionnumber: ['CurrentMinorVersionNumber', NUMBER],
      ubr: ['UBR', 'the update revision: which fixes are installed'],
      installationtype: ['InstallationType', "Microsoft's word (Client, Server): the flows differ"],
      productname: ['ProductName', "Microsoft's product name"],
      editionid: ['EditionID', "Microsoft's edition"],
      compositioneditionid: ['CompositionEditionID', "Microsoft's edition"],
      displayversion: ['DisplayVersion', "Microsoft's release name (23H2)"],
      releaseid: ['ReleaseId', "Microsoft's release number"],
      buildlab: ['BuildLab', "Microsoft's build string"],
      buildlabex: ['BuildLabEx', "Microsoft's build string"],
      buildbranch: ['BuildBranch', "Microsoft's branch name"],
      installdate: ['InstallDate', 'a time'],
      installtime: ['InstallTime', 'a time'],
      systemroot: ['SystemRoot', 'a folder (usually C:\\Windows, but chosen at install)'],
      pathname: ['PathName', 'a folder (usually C:\\Windows, but chosen at install)'],
      registeredowner: ['RegisteredOwner', 'names the person'],
      registeredorganization: ['RegisteredOrganization', 'names the company'],
      productid: ['ProductId', "the licence's id: a secret"],
    },
  },
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa': {
    about: 'Credential Guard as configured locally',
    values: { lsacfgflags: ['LsaCfgFlags', `${NUMBER}: Credential Guard blocks some delegation`] },
  },
  'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\DeviceGuard': {
    about: 'Credential Guard as set by policy',
    values: { lsacfgflags: ['LsaCfgFlags', `${NUMBER}: Credential Guard blocks some delegation`] },
  },
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\HostToRealm': {
    about: "ksetup's host-to-realm mappings",
    subkey: "a subkey's name is a realm: names the organisation",
    values: { spnmappings: ['SpnMappings', "the hosts and suffixes mapped to the realm: the organisation's names"] },
  },
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\HostToRealm': {
    about: "the policy's host-to-realm mappings",
    valueName: "a value's name is a realm: names the organisation",
    any: "the hosts and suffixes mapped to the realm: the organisation's names (Microsoft's suffixes stay)",
    values: {},
  },
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr': {
    about: "iphlpsvc's proxy per connection (a Fiddler leftover on :8888 breaks the KDC proxy)",
    subkey: "a connection's GUID: identifies this machine's connection",
    values: {
      staticproxy: ['StaticProxy', 'the proxy hosts name the organisation; the port (8888: Fiddler) stays'],
      proxyoverride: ['ProxyOverride', 'the bypassed hosts name the organisation'],
      autoconfigurl: ['AutoConfigUrl', "the PAC file's URL: the organisation's host"],
    },
  },
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\KdcProxy\\ProxyServers': {
    about: 'the KDC proxy policy',
    valueName: "a value's name is the realm or suffix it maps (KERBEROS.MICROSOFTONLINE.COM stays)",
    any: "the KDC proxy servers: the organisation's hosts (Microsoft's stay)",
    values: {},
  },
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos': {
    about: 'the KDC proxy switch',
    values: { kdcproxyserver_enabled: ['KdcProxyServer_Enabled', `${NUMBER}: whether the KDC proxy policy applies`] },
  },
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\Parameters': {
    about: 'the cloud Kerberos policy (CloudKerberosTicketRetrievalEnabled, SupportedEncryptionTypes…)',
    values: {},
  },
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters': {
    about: 'the same settings set locally',
    values: {},
  },
};

/** The report's fields, by REPORT_FIELD_KINDS' path (the tickets' fields are explained in TICKET_WHY). */
export const REPORT_WHY: Readonly<Record<string, string>> = {
  'tool.name': "KerbProbe's own name",
  'tool.version': "KerbProbe's version",
  'tool.platform': 'the OS and CPU family (win32-x64)',
  'tool.node': "Node's version",
  'target.server': 'names the instance (the Azure SQL suffix stays: it says "a managed instance")',
  'target.address': "an address of the instance in the organisation's network",
  'target.database': 'a database the organisation named',
  'target.encrypt': 'a setting word',
  'target.spn': 'names the instance and the realm',
  'target.caFile': "a file under the user's folder",
  startedAt: 'a time',
  verdict: 'pass or fail',
  'diagnosis.code': 'the diagnosis code: what the helpdesk looks up',
  'diagnosis.title': "the catalogue's text for the code: rewritten, but never a source of names",
  'diagnosis.cause': "the catalogue's text for the code: rewritten, but never a source of names",
  'diagnosis.fixUser': "the catalogue's text for the code: rewritten, but never a source of names",
  'diagnosis.fixHelpdesk': "the catalogue's text for the code: rewritten, but never a source of names",
  'diagnosis.evidence[]': 'the lines the diagnosis quotes: they hold names',
  'steps[].id': 'the step id',
  'steps[].title': 'a step title may name the instance',
  'steps[].status': 'a status word',
  'steps[].detail': 'what a step saw: holds names',
  'steps[].evidence[]': 'what a step saw: holds names',
  'chain.flow': 'the Kerberos flow (a word)',
  'chain.userRealm': "the user's realm names the organisation",
  'chain.targetRealm': "the target's realm names the organisation (the cloud realm stays)",
  'chain.targetSpn': 'names the instance and the realm',
  'chain.hops[].kind': 'a word',
  'chain.hops[].issuingRealm': 'names the organisation (the cloud realm stays)',
  'chain.hops[].server': 'a service principal: its host and realm',
  'chain.hops[].serverRealm': 'names the organisation (the cloud realm stays)',
  'chain.hops[].status': 'a status word',
  'chain.hops[].kdcCalled': "names the organisation's domain controller",
  'chain.hops[].note': 'a note on the hop: may hold names',
  'chain.findings[].code': 'a code',
  'chain.findings[].severity': 'a word',
  'chain.findings[].message': 'a finding: may hold names',
  ...Object.fromEntries(Object.entries(TICKET_WHY).map(([path, [, why]]) => [path, why])),
  'sql.authScheme': 'NTLM or KERBEROS: the answer the check exists for',
  'sql.login': 'names the user',
  'sql.server': 'names the instance',
  'sql.version': "SQL Server's version string (free text: it may carry a host name)",
  'sql.encrypt': 'a setting word',
  'sql.netTransport': 'a word (TCP)',
  'sql.tdsVersion': 'a version',
  'tls.protocol': 'a version (TLSv1.2)',
  'tls.subject': "the instance certificate's subject: its host names and the organisation's",
  'tls.issuer': "the issuer: Microsoft's CAs stay, an organisation's own CA is named",
  'tls.validTo': 'a time',
  'redirect.from': 'names the instance',
  'redirect.to': 'names the node the gateway redirected to',
};

/** The history line's fields (contract/history.ts). */
export const HISTORY_WHY: Readonly<Record<string, string>> = {
  v: "the line's schema version",
  time: 'a time',
  device: 'names the device: the fleet view tells devices apart by it',
  user: 'names the user',
  server: 'names the instance',
  port: 'a port number',
  address: "an address in the organisation's network",
  verdict: 'pass or fail',
  code: 'the diagnosis code',
  flow: 'the Kerberos flow (a word)',
  failedStep: 'a step id',
  steps: "each step's milliseconds",
  totalMs: 'milliseconds',
  subnet: "the client's /24 or /64: says where the device is",
  kdc: "the KDC or KDC proxy reached: the organisation's host",
  os: 'the OS and build',
  tool: "KerbProbe's version",
};

/** The bundle's own fields (contract/bundle.ts): what happens and why, by `bundle.` or `commands[].` key. */
export const BUNDLE_WHY: Readonly<Record<string, readonly [treatment: string, why: string]>> = {
  'bundle.format': ['kept', 'says what the file is'],
  'bundle.schemaVersion': ['kept', 'a version'],
  'bundle.tool': ['kept', "KerbProbe's name, version and platform"],
  'bundle.capturedAt': ['kept', 'a time: every output is judged as of it'],
  'bundle.redacted': ['kept (`true`)', 'says the bundle was redacted'],
  'bundle.target': [
    'server: `host-N` (the Azure SQL suffix stays); port kept; spn: `MSSQLSvc/host-N…:port`',
    'names the instance',
  ],
  'bundle.elevated': ['kept', 'tickets differ per logon session'],
  'bundle.commands': ['each as below', 'the tool outputs'],
  'bundle.check': ['redacted as "The report" says', 'the check'],
  'bundle.checkError': ['code kept; message: free text (second net)', 'why the check did not run'],
  'commands[].id': ['kept', "KerbProbe's name of the question"],
  'commands[].command': ['free text: its names (the SPN) replaced', 'the command line'],
  'commands[].outcome': ['kept', 'a word'],
  'commands[].exitCode': ['kept', 'a number'],
  'commands[].stdout': ["read by its tool's table (the sections below), then the second net", 'the output'],
  'commands[].stderr': ['free text: the second net only (no table reads it)', 'error messages may hold names'],
  'commands[].truncated': ['kept', 'yes/no'],
  'commands[].ms': ['kept', 'milliseconds'],
  'commands[].note': ['free text: the second net only', 'why a command did not answer'],
};

// ── Generation ──────────────────────────────────────────────────────────────────────────────────────────────

interface Row {
  field: string;
  treatment: string;
  why: string;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string): string => `\`${s}\``;
function table(rows: readonly Row[], head = 'Field'): string {
  return [
    `| ${head} | What happens | Why |`,
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${cell(r.field)} | ${cell(r.treatment)} | ${cell(r.why)} |`),
  ].join('\n');
}

/** Every key a table holds that the maps above do not explain, and every explanation of a key no table holds. */
export function unexplained(): { missing: string[]; stale: string[] } {
  const missing: string[] = [];
  const stale: string[] = [];
  const compare = (where: string, keys: readonly string[], explained: readonly string[]): void => {
    for (const k of keys) if (!explained.includes(k)) missing.push(`${where}: ${k}`);
    for (const k of explained) if (!keys.includes(k)) stale.push(`${where}: ${k}`);
  };
  const reportPaths = Object.keys(REPORT_FIELD_KINDS);
  compare('report', reportPaths, Object.keys(REPORT_WHY));
  compare(
    'klist tickets',
    reportPaths.filter((p) => p.startsWith('tickets[].')),
    Object.keys(TICKET_WHY),
  );
  compare(
    'klist',
    KLIST_FIELDS.map((f) => f.line.source),
    Object.keys(KLIST_WHY),
  );
  compare('dsregcmd', Object.keys(DSREGCMD_FIELD_KINDS), Object.keys(DSREGCMD_WHY));
  compare('cloud_debug', Object.keys(CLOUD_DEBUG_FIELD_KINDS), Object.keys(CLOUD_DEBUG_WHY));
  compare('sc query', Object.keys(SC_QUERY_FIELD_KINDS), Object.keys(SC_QUERY_WHY));
  compare('whoami', Object.keys(WHOAMI_GROUPS_FIELD_KINDS), Object.keys(WHOAMI_WHY));
  compare(
    'netsh',
    WINHTTP_PROXY_FIELD_KINDS.map((_, i) => String(i)),
    WINHTTP_WHY.map((_, i) => String(i)),
  );
  compare('history', HISTORY_FIELDS, Object.keys(HISTORY_WHY));
  compare(
    'bundle',
    [
      ...Object.keys(BundleSchema.shape).map((k) => `bundle.${k}`),
      ...Object.keys(CommandCaptureSchema.shape).map((k) => `commands[].${k}`),
    ],
    Object.keys(BUNDLE_WHY),
  );
  compare(
    'reg',
    REG_KEYS.map((k) => k.key),
    Object.keys(REG_WHY),
  );
  for (const key of REG_KEYS) {
    const why = REG_WHY[key.key];
    if (!why) continue;
    compare(`reg ${key.key}`, Object.keys(key.values), [
      ...Object.keys(why.values),
      ...(why.any !== undefined ? ['*'] : []),
    ]);
    if (key.subkey && why.subkey === undefined) missing.push(`reg ${key.key}: its subkeys`);
    if (key.valueName && why.valueName === undefined) missing.push(`reg ${key.key}: its value names`);
  }
  return { missing, stale };
}

const whyOf = <T>(map: Readonly<Record<string, T>>, key: string): T => {
  const why = map[key];
  if (why === undefined) throw new Error(`docs/redaction.md: no why for ${key} (build/redaction-doc.ts)`);
  return why;
};

function reportRegion(): string {
  return table(
    Object.entries(REPORT_FIELD_KINDS).map(([path, kind]) => ({
      field: code(path),
      treatment: REPORT_TREATMENT[kind],
      why: whyOf(REPORT_WHY, path),
    })),
  );
}

function bundleRegion(): string {
  return table(Object.entries(BUNDLE_WHY).map(([field, [treatment, why]]) => ({ field: code(field), treatment, why })));
}

function klistRegion(): string {
  const lines = KLIST_FIELDS.map((f) => {
    const [label, why] = whyOf(KLIST_WHY, f.line.source);
    return { field: code(label), treatment: TOOL_TREATMENT[f.kind], why };
  });
  const tickets = Object.entries(REPORT_FIELD_KINDS)
    .filter(([path]) => path.startsWith('tickets[].'))
    .map(([path, kind]) => {
      const [label, why] = whyOf(TICKET_WHY, path);
      return { field: `${label} (${code(path)})`, treatment: REPORT_TREATMENT[kind], why };
    });
  const rest = {
    field: 'any other line',
    treatment: 'kept, then the second net',
    why: "klist's messages (errors, `Cached Tickets: (n)`) are what analyze reads",
  };
  return table([...lines, ...tickets, rest]);
}

function dsregcmdRegion(): string {
  const rows = Object.entries(DSREGCMD_FIELD_KINDS).map(([key, kind]) => {
    const [label, why] = whyOf(DSREGCMD_WHY, key);
    return { field: code(label), treatment: TOOL_TREATMENT[kind], why };
  });
  return table([
    { field: 'box borders and titles (`| Device State |`)', treatment: 'kept', why: "dsregcmd's own layout" },
    ...rows,
    {
      field: 'a URL field (`…Url`, `…Authority`) that says `NO`',
      treatment: 'kept',
      why: "dsregcmd's word for none (a device without that PRT): not a host name",
    },
    {
      field: 'any other `Name : value` field',
      treatment: `redacted (\`${REDACTED}\`)`,
      why: 'no table says what it holds (Diagnostic Data, Attempt Status, User Identity…)',
    },
    {
      field: 'any line before the first box (a prompt, a banner)',
      treatment: `redacted (\`${REDACTED}\`)`,
      why: "not part of the output: a prompt names the user's folder",
    },
  ]);
}

function cloudDebugRegion(): string {
  const rows = Object.entries(CLOUD_DEBUG_FIELD_KINDS).map(([key, kind]) => {
    const [label, why] = whyOf(CLOUD_DEBUG_WHY, key);
    return { field: code(label), treatment: TOOL_TREATMENT[kind], why };
  });
  return table([
    { field: '`Cloud Kerberos Debug info:`', treatment: 'kept', why: "klist's heading" },
    ...rows,
    {
      field: 'any other `label: number` line',
      treatment: 'kept',
      why: "a newer build's number (the parser reads it too); a number names no one",
    },
    { field: 'any other line', treatment: `redacted (\`${REDACTED}\`)`, why: 'no table says what it holds' },
  ]);
}

function scRegion(): string {
  const rows = Object.entries(SC_QUERY_FIELD_KINDS).map(([key, kind]) => ({
    field: code(key.toUpperCase()),
    treatment: TOOL_TREATMENT[kind],
    why: whyOf(SC_QUERY_WHY, key),
  }));
  return table([
    ...rows,
    {
      field: "the state's flags line (`(STOPPABLE, NOT_PAUSABLE, …)`), `[SC] … FAILED n`",
      treatment: 'kept',
      why: "Windows' words",
    },
    { field: 'any other line', treatment: `redacted (\`${REDACTED}\`)`, why: 'no table says what it holds' },
  ]);
}

function netshRegion(): string {
  const rows = WINHTTP_PROXY_FIELD_KINDS.map((kind, i) => {
    const [label, why] = WINHTTP_WHY[i] ?? ['', ''];
    return { field: label, treatment: TOOL_TREATMENT[kind], why };
  });
  return table([
    {
      field: 'the first line (the title, `Current WinHTTP proxy settings:`)',
      treatment: 'kept, then the second net',
      why: "Windows' words (a prompt pasted above the title is taken for it: only the second net reads it)",
    },
    {
      field: 'the direct-access line (`Direct access (no proxy server).`)',
      treatment: 'kept',
      why: "Windows' words: no proxy",
    },
    ...rows,
    { field: 'a value in parentheses (`(none)`)', treatment: 'kept', why: "Windows' word for none, localized" },
    {
      field: "any other line (a later build's Auto-Config URL)",
      treatment: `redacted (\`${REDACTED}\`)`,
      why: 'the parser does not read it',
    },
  ]);
}

function whoamiRegion(): string {
  const rows = Object.entries(WHOAMI_GROUPS_FIELD_KINDS).map(([key, kind]) => {
    const [label, why] = whyOf(WHOAMI_WHY, key);
    return { field: label, treatment: TOOL_TREATMENT[kind], why };
  });
  return table([
    {
      field: 'the first line (the title), underlines, the line above `===` (the heading), the `===` line',
      treatment: 'kept, then the second net',
      why: "Windows' words (a prompt pasted above the title is taken for it: only the second net reads it)",
    },
    ...rows,
    {
      field: 'a line without a SID',
      treatment: `redacted (\`${REDACTED}\`)`,
      why: 'not a group row (a prompt, another section of `whoami /all`)',
    },
  ]);
}

function regRegion(): string {
  const numbers = [...NUMBER_TYPES].map(code).join(', ');
  const sections = REG_KEYS.map((key) => {
    const why = whyOf(REG_WHY, key.key);
    const rows: Row[] = [{ field: `the key line ${code(key.key)}`, treatment: 'kept', why: why.about }];
    if (key.subkey) {
      rows.push({ field: "a subkey's name", treatment: TOOL_TREATMENT[key.subkey], why: why.subkey ?? '' });
      rows.push({
        field: 'a deeper subkey',
        treatment: `redacted (\`${REDACTED}\`)`,
        why: 'no table says what it holds',
      });
    }
    if (key.valueName)
      rows.push({ field: "a value's name", treatment: TOOL_TREATMENT[key.valueName], why: why.valueName ?? '' });
    for (const [name, kind] of Object.entries(key.values)) {
      if (name === '*') continue;
      const [label, reason] = whyOf(why.values, name);
      rows.push({ field: code(label), treatment: TOOL_TREATMENT[kind], why: reason });
    }
    rows.push({ field: `any ${numbers} data`, treatment: 'kept', why: 'a number names no one' });
    const any = key.values['*'];
    rows.push(
      any
        ? { field: "any other value's data", treatment: TOOL_TREATMENT[any], why: why.any ?? '' }
        : { field: 'any other value', treatment: `redacted (\`${REDACTED}\`)`, why: 'no table says what it holds' },
    );
    return `#### ${code(key.key)}\n\n${table(rows)}`;
  });
  return [
    ...sections,
    `#### any other key\n\n${table([
      {
        field: 'its key line and values',
        treatment: `redacted (\`${REDACTED}\`)`,
        why: 'no table says what it holds',
      },
    ])}`,
  ].join('\n\n');
}

function historyRegion(): string {
  const redactable: readonly string[] = HISTORY_REDACTABLE;
  return table(
    HISTORY_FIELDS.map((field) => ({
      field: code(field),
      treatment:
        field === 'user'
          ? 'kept; `null` with `check --redact`, `redactUser`, a redacted report, or `historyRedact: ["user"]`'
          : redactable.includes(field)
            ? `kept; \`"${HISTORY_REDACTED_VALUE}"\` when \`historyRedact\` lists it`
            : 'kept',
      why: whyOf(HISTORY_WHY, field),
    })),
  );
}

function keptRegion(): string {
  const list = (xs: Iterable<string | number>): string => [...xs].map((x) => code(String(x))).join(', ');
  return [
    `- Names that stay: ${list(WELL_KNOWN)}.`,
    '- Host suffixes that stay (`host-1.database.windows.net` still says "a managed instance"): ' +
      `${list(KEPT_SUFFIXES)}.`,
    "- Microsoft's domains, which stay in a tool output's host fields, host lists (KerbTopLevelNames, proxy " +
      `bypass, KDC proxy servers) and URLs: ${list(MICROSOFT_DOMAINS)}.`,
    `- Ports that stay (every other becomes \`port-N\`): the target's own port, ${list(KEPT_PORTS)} and 11000–11999.`,
    `- Databases that stay: ${list([...SYSTEM_DATABASES].map((d) => d.toLowerCase()))}.`,
  ].join('\n');
}

export const REGIONS: Readonly<Record<string, () => string>> = {
  bundle: bundleRegion,
  report: reportRegion,
  klist: klistRegion,
  'cloud-debug': cloudDebugRegion,
  dsregcmd: dsregcmdRegion,
  reg: regRegion,
  netsh: netshRegion,
  sc: scRegion,
  whoami: whoamiRegion,
  history: historyRegion,
  kept: keptRegion,
};

/** The document with every generated region rewritten from the tables, formatted as `npm run lint` checks it. */
export async function renderRedactionDoc(doc: string): Promise<string> {
  const { missing } = unexplained();
  if (missing.length)
    throw new Error(`docs/redaction.md: build/redaction-doc.ts does not explain ${missing.join('; ')}`);
  let out = doc;
  for (const [id, render] of Object.entries(REGIONS)) {
    const start = `<!-- generated:${id} -->`;
    const end = `<!-- /generated:${id} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/redaction.md has no ${start} … ${end}`);
    out = `${out.slice(0, from + start.length)}\n\n${render()}\n\n${out.slice(to)}`;
  }
  const config = (await prettier.resolveConfig(REDACTION_DOC)) ?? {};
  return prettier.format(out, { ...config, filepath: REDACTION_DOC });
}

async function main(): Promise<void> {
  const current = readFileSync(REDACTION_DOC, 'utf8');
  const next = await renderRedactionDoc(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('docs/redaction.md is not what the tables say: npm run docs:redaction rewrites it');
      process.exit(1);
    }
    return;
  }
  if (next !== current) writeFileSync(REDACTION_DOC, next);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
