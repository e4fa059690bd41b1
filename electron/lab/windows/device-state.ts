// The device state of the lab's Windows client, as `dsregcmd /status` and `klist cloud_debug` print it. The
// lab's client is a hybrid-joined device (Microsoft Entra joined and domain joined) whose cloud Kerberos
// policy is on; what depends on the session — whether a cloud TGT is held — is read from the lab's real
// ticket cache at the moment the tool is asked. Layouts follow the boxed sections of dsregcmd and the
// `Name: value` lines of cloud_debug (dsregcmd's SSO State fields:
// https://learn.microsoft.com/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state).
import { ENTRA_KERBEROS_REALM } from './klist';
import type { LabTicket } from './lab-ticket';

const box = (title: string): string[] => {
  const bar = `+${'-'.repeat(70)}+`;
  return [bar, `| ${title.padEnd(69)}|`, bar, ''];
};
const field = (name: string, value: string): string => `${name.padStart(26)} : ${value}`;

function hasCloudTgt(tickets: readonly LabTicket[]): boolean {
  return tickets.some(
    (t) =>
      t.server.toUpperCase() === `KRBTGT/${ENTRA_KERBEROS_REALM}` &&
      t.serverRealm.toUpperCase() === ENTRA_KERBEROS_REALM,
  );
}

export interface DeviceFacts {
  /** The AD domain the device is joined to (the lab's on-prem realm). */
  domain: string;
  /** The tenant the device is joined to (a fixed lab tenant id). */
  tenantId: string;
  /** The ports KerbTopLevelNames lists with each suffix (the instance's ports: 1433 and 3342 in Azure). */
  topLevelPorts: number[];
  /** A Microsoft Entra joined device that is not domain joined (the lab's is hybrid joined by default). */
  entraOnly?: boolean;
  /** AzureAdPrt NO: a session without the user's Microsoft Entra sign-in ("Run as", a local account). */
  noPrt?: boolean;
}

export function renderDsregcmd(tickets: readonly LabTicket[], device: DeviceFacts): string {
  const short = device.domain.split('.')[0]?.toUpperCase() ?? device.domain;
  return [
    '',
    ...box('Device State'),
    field('AzureAdJoined', 'YES'),
    field('EnterpriseJoined', 'NO'),
    field('DomainJoined', device.entraOnly ? 'NO' : 'YES'),
    ...(device.entraOnly ? [] : [field('DomainName', short)]),
    field('Device Name', `client1.${device.domain.toLowerCase()}`),
    '',
    ...box('SSO State'),
    field('AzureAdPrt', device.noPrt ? 'NO' : 'YES'),
    field('AzureAdPrtAuthority', `https://login.microsoftonline.com/${device.tenantId}`),
    field('EnterprisePrt', 'NO'),
    // OnPremTgt: the partial TGT of cloud Kerberos trust (Windows Hello for Business); the lab has none.
    field('OnPremTgt', 'NO'),
    field('CloudTgt', hasCloudTgt(tickets) ? 'YES' : 'NO'),
    field(
      'KerbTopLevelNames',
      ['.windows.net', '.azure.net'].flatMap((s) => [s, ...device.topLevelPorts.map((p) => `${s}:${p}`)]).join(','),
    ),
    '',
    '',
  ].join('\r\n');
}

export function renderCloudDebug(tickets: readonly LabTicket[]): string {
  const cloud = hasCloudTgt(tickets) ? 1 : 0;
  return [
    '',
    'Current LogonId is 0:0x3e7a1b',
    'Cloud Kerberos Debug info:',
    'Cloud Kerberos enabled by policy: 1',
    `AS_REP callback received: ${cloud}`,
    `AS_REP callback used: ${cloud}`,
    'Cloud Referral TGT present in cache: 0',
    'SPN oracle configured: 0',
    'KDC proxy present in cache: 0',
    'Public Key Credential Present: 0',
    `Password-derived Keys Present: ${cloud}`,
    'Plaintext Password Present: 0',
    `AS_REP Credential Type: ${cloud ? 1 : 0}`,
    `Cloud Primary (Hybrid logon) TGT available: ${cloud}`,
    '',
  ].join('\r\n');
}
