// Where Windows sends the SPN's request: KerbTopLevelNames coverage of host and port (null: dsregcmd printed
// none, a build before they existed), and a host-to-realm mapping naming another realm than `expectedRealm`.
import { CLOUD_REALM } from '../../../contract/azure';
import type { DeviceFactSource, Finding } from '../evidence-source';
import { sanitizeEvidenceText as safe } from '../evidence-text';
import { readDeviceFact } from '../device-fact-reading';
import { CONTACT, TROUBLESHOOT, FILES } from '../catalog-wording';

export interface RealmRouteEvidence {
  kind: 'realm-route';
  host: string;
  port: number;
  topLevelNames: string[] | null;
  coveredHost: boolean | null;
  coveredPort: boolean | null;
  mapping: { realm: string; entry: string; key: string } | null;
  expectedRealm: string;
  userRealm: string | null;
}

function coverage(e: RealmRouteEvidence): string {
  if (e.topLevelNames === null) return 'KerbTopLevelNames not printed';
  if (e.coveredPort) return `KerbTopLevelNames cover ${safe(e.host)}:${e.port}`;
  if (e.coveredHost) return `KerbTopLevelNames cover ${safe(e.host)} but not port ${e.port}`;
  return `KerbTopLevelNames do not cover ${safe(e.host)}`;
}

function describeRoute(e: RealmRouteEvidence): string {
  const map = e.mapping
    ? `; host-to-realm mapping ${safe(e.mapping.entry)} → ${safe(e.mapping.realm)} (${safe(e.mapping.key)})`
    : '; no host-to-realm mapping for it';
  return `${coverage(e)}${map}`;
}

function judgeRoute(route: RealmRouteEvidence): Finding | null {
  if (route.mapping && route.mapping.realm.toUpperCase() !== route.expectedRealm.toUpperCase())
    return {
      code: 'HOST_REALM_MAPPING_WRONG',
      severity: 'warn',
      note: `a host-to-realm mapping sends ${route.host} to ${route.mapping.realm}, not ${route.expectedRealm}`,
    };
  const toCloud = route.expectedRealm.toUpperCase() === CLOUD_REALM;
  if (route.mapping || route.topLevelNames === null || !toCloud || route.coveredPort !== false) return null;
  const goesTo = `the request goes to ${route.userRealm ?? 'the on-premises realm'}, not ${CLOUD_REALM}`;
  return {
    code: 'KERB_TOP_LEVEL_NAME_MISSING',
    severity: 'warn',
    note: route.coveredHost
      ? `KerbTopLevelNames list ${route.host}'s suffix but not port ${route.port}: ${goesTo}`
      : `KerbTopLevelNames do not cover ${route.host}: ${goesTo}`,
  };
}

export const realmRouteEvidence: DeviceFactSource<RealmRouteEvidence> = {
  kind: 'realm-route',
  deviceFact: true,
  describe: describeRoute,
  judge: judgeRoute,
  read(e) {
    return readDeviceFact(this, e);
  },
  explains: {
    HOST_REALM_MAPPING_WRONG: ['SPN_UNKNOWN', 'NO_CROSS_REALM_TRUST', 'KDC_UNREACHABLE', 'NTLM_FALLBACK', 'UNKNOWN'],
    KERB_TOP_LEVEL_NAME_MISSING: ['SPN_UNKNOWN', 'NO_CROSS_REALM_TRUST', 'NTLM_FALLBACK', 'UNKNOWN'],
  },
  catalog: {
    // KerbTopLevelNames:
    // https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state
    KERB_TOP_LEVEL_NAME_MISSING: {
      title: 'Windows does not send this server name to Microsoft Entra Kerberos',
      helpdeskTitle: "The user's device does not send this server name to Microsoft Entra Kerberos",
      cause:
        'Windows asks Microsoft Entra ID for a database ticket only for the server names (and ports) listed in ' +
        'its Kerberos top-level names, shown by dsregcmd as KerbTopLevelNames. This server name or its port (for ' +
        "example the public endpoint's 3342) is not in that list, so Windows asked your company domain instead, " +
        "which does not know the database's service name (SPN).",
      fixUser:
        'Connect with the server name your administrator gave you, exactly as given (including the port), then ' +
        'run the check again. If it still fails, send this report to your helpdesk.',
      fixHelpdesk:
        `\`dsregcmd /status\` → SSO State → KerbTopLevelNames must cover the instance's ` +
        `host suffix and port (\`.windows.net\`, ` +
        `\`.windows.net:1433\`, \`.windows.net:3342\` for the public endpoint). If they do not, the request goes ` +
        `to the on-premises realm and \`klist get MSSQLSvc/<host>:<port>\` fails with 0x6fb. Use the host name ` +
        `under \`database.windows.net\` and port 1433 or 3342, refresh the device's state (\`dsregcmd /refreshprt\`, ` +
        `then sign out and in), and check that nothing overrides the realm of the ` +
        `host. Microsoft: ` +
        `https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state ` +
        `and ${TROUBLESHOOT}`,
    },
    // ksetup /addhosttorealmmap:
    // https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/ksetup-addhosttorealmmap
    HOST_REALM_MAPPING_WRONG: {
      title: 'A realm mapping sends this server to the wrong Kerberos realm',
      helpdeskTitle: "A realm mapping on the user's device sends this server to the wrong realm",
      cause:
        'This computer has a setting that says which Kerberos realm a server name belongs to (a host-to-realm ' +
        "mapping). It sends the database's server name to another realm than Microsoft Entra Kerberos, so Windows " +
        "asks a Kerberos server that does not know the database's service name (SPN).",
      fixUser: CONTACT,
      fixHelpdesk:
        `Look at \`reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\HostToRealm /s\` and the ` +
        `Group Policy "Define host name-to-Kerberos realm mappings" ` +
        `(\`…\\Policies\\System\\Kerberos\\HostToRealm\`): ` +
        `remove the entry that maps the instance's host or suffix to another realm (\`ksetup /delhosttorealmmap ` +
        `<host> <realm>\`), or map it to KERBEROS.MICROSOFTONLINE.COM, then \`klist purge\` and retry. On a client ` +
        `with MIT Kerberos the same mapping is the \`[domain_realm]\` section of ` +
        `krb5.conf. Microsoft: ` +
        `https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/ksetup-addhosttorealmmap ` +
        `and ${FILES}`,
    },
  },
};
