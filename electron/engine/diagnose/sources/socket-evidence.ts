// A network failure: an errno (ECONNREFUSED…) or a probe's own word for it (refused, timeout, dns, config…).
import type { DiagnosisCode } from '../../../contract/codes';
import type { EvidenceSource, NetworkStage } from '../evidence-source';
import { failure } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { isCloud } from '../status-reading';
import { CONTACT } from '../catalog-wording';

export interface SocketEvidence {
  kind: 'socket';
  code: string;
  stage: NetworkStage;
  host?: string;
  port?: number;
  realm?: string;
  detail?: string;
}

// 'DNS' is the probes' own word for a name that did not resolve.
const DNS_CODES = new Set([
  'DNS',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EAI_NODATA',
  'ENODATA',
  'ESERVFAIL',
  'ENXDOMAIN',
  'ENONAME',
]);

function socketCode(socket: SocketEvidence): { code: DiagnosisCode; note?: string } {
  const dns = DNS_CODES.has(socket.code.toUpperCase());
  switch (socket.stage) {
    case 'dns':
      return { code: 'DNS_FAILURE' };
    case 'sql':
      return dns ? { code: 'DNS_FAILURE' } : { code: 'SQL_UNREACHABLE' };
    case 'redirect':
      return dns
        ? { code: 'DNS_FAILURE', note: 'the redirected host name did not resolve' }
        : { code: 'REDIRECT_BLOCKED' };
    case 'kdc': {
      const code = isCloud(socket.realm) ? 'CLOUD_KDC_UNREACHABLE' : 'KDC_UNREACHABLE';
      return dns ? { code, note: "the KDC's name did not resolve" } : { code };
    }
    case 'kdc-cloud':
    case 'kdc-proxy':
      return dns
        ? { code: 'CLOUD_KDC_UNREACHABLE', note: 'the name of the Entra KDC (proxy) did not resolve' }
        : { code: 'CLOUD_KDC_UNREACHABLE' };
  }
}

function describeSocket(e: SocketEvidence): string {
  const to = e.host ? ` to ${sanitizeEvidenceText(e.host)}${e.port ? `:${e.port}` : ''}` : '';
  const realm = e.realm ? ` [realm ${e.realm}]` : '';
  const detail = e.detail ? ` — ${sanitizeEvidenceText(e.detail)}` : '';
  return `network (${e.stage})${to}: ${sanitizeEvidenceText(e.code)}${realm}${detail}`;
}

export const socketEvidence: EvidenceSource<SocketEvidence> = {
  kind: 'socket',
  describe: describeSocket,
  read(e) {
    const found = socketCode(e);
    return failure(this.describe(e), found.code, found.note);
  },
  catalog: {
    DNS_FAILURE: {
      title: 'The server name cannot be found',
      helpdeskTitle: "The server name could not be resolved from the user's device",
      cause:
        'This computer could not translate the server name into a network address. The name is misspelled, or ' +
        "the DNS server in use does not know the managed instance's zone (common off the company network or without " +
        'VPN), or the private DNS zone is not linked to your network.',
      fixUser: 'Check the server name for typos, connect to the company network or VPN, and run the check again.',
      fixHelpdesk:
        "`Resolve-DnsName <fqdn>` (or `nslookup <fqdn>`): the name is a CNAME to the instance's host and must " +
        "resolve to the instance's private IP from the client network (or its public IP for the public endpoint). " +
        'Check conditional forwarders for database.windows.net (and private DNS zones when private endpoints ' +
        "are used), the VPN's DNS servers and the hosts file. To test one node or a private IP while keeping " +
        'Kerberos correct, keep the real FQDN as the server and pass the IP as the address.',
    },
    SQL_UNREACHABLE: {
      title: 'The database server does not answer',
      helpdeskTitle: "The database server did not answer the user's device",
      cause:
        'The name was found, but no connection could be opened to the database port. The instance is stopped, ' +
        'a firewall or network security group blocks the port, or there is no network route from here to the ' +
        'instance (VPN, peering).',
      fixUser:
        'Connect to the company network or VPN and run the check again. If it still fails, send this report to ' +
        'your helpdesk.',
      fixHelpdesk:
        '`Test-NetConnection <fqdn> -Port 1433` (VNet-local endpoint) or `-Port 3342` (public endpoint, which ' +
        'must be enabled on the instance). Check that the instance is running, that the network security group ' +
        'of its subnet allows the client range on 1433 (and 11000–11999 under the Redirect connection policy), ' +
        'and the VPN, peering and route tables.',
    },
    REDIRECT_BLOCKED: {
      title: 'The redirected connection to the database node is blocked',
      helpdeskTitle: 'The redirected connection to the database node was blocked',
      cause:
        'With the "Redirect" connection policy, the managed instance\'s gateway tells the client to reconnect ' +
        'directly to the node hosting the database, on a port between 11000 and 11999. That second connection ' +
        'failed: those ports are blocked between your network and the instance.',
      fixUser: CONTACT,
      fixHelpdesk:
        'Allow outbound TCP 11000–11999 from the client network to the managed instance subnet (network security ' +
        "group, firewalls, VPN), or switch the instance's connection type to Proxy, which needs only port 1433 " +
        '(Redirect has lower latency). A public issue reports Windows Authentication failing with 18452 under ' +
        'Redirect while Proxy worked; its current status is unknown.',
    },
    KDC_UNREACHABLE: {
      title: "Your domain's Kerberos server cannot be reached",
      helpdeskTitle: "The user's device could not reach a Kerberos server (domain controller) of its domain",
      cause:
        'To get tickets, Windows must talk to a Kerberos server (a Key Distribution Center, KDC) of your own ' +
        'domain: in Active Directory, a domain controller on port 88. None answered. Usually the computer is ' +
        'off the company network without VPN, a firewall blocks port 88, or DNS cannot find a domain controller.',
      fixUser: 'Connect to the company network or start the VPN, then run the check again.',
      fixHelpdesk:
        'From the client: `nltest /dsgetdc:<domain>` (domain controller locator), ' +
        '`nslookup -type=SRV _kerberos._tcp.<domain>` ' +
        'and `Test-NetConnection <dc> -Port 88`; `nltest /sc_query:<domain>` shows the secure channel. Make sure ' +
        'the VPN routes the domain controllers and that firewalls allow TCP and UDP 88. On non-Windows clients ' +
        "check the realm's `kdc =` lines (or DNS SRV lookup) in krb5.conf.",
    },
    CLOUD_KDC_UNREACHABLE: {
      title: 'Microsoft Entra Kerberos cannot be reached',
      helpdeskTitle: "The user's device could not reach Microsoft Entra Kerberos (KDC proxy)",
      // A network change (VPN reconnect, Wi-Fi change, sleep/resume) clears the cached KDC proxy configuration
      // until a new sign-in, unless the KDC proxy policy is set — for Entra Kerberos clients in general:
      // https://learn.microsoft.com/en-us/troubleshoot/azure/azure-storage/files/security/files-troubleshoot-smb-authentication#intermittent-authentication-failures-after-network-changes-when-using-microsoft-entra-kerberos
      cause:
        'The database belongs to the Kerberos realm KERBEROS.MICROSOFTONLINE.COM, served by Microsoft Entra ID. ' +
        'Windows reaches it over HTTPS through a KDC proxy at https://login.microsoftonline.com/<tenant ' +
        'id>/kerberos. ' +
        'That connection failed: no internet access, a web proxy that Windows system services cannot use (often ' +
        'a setting left behind by a debugging proxy such as Fiddler), TLS inspection, port 443 blocked, or — ' +
        'after a network change such as a VPN reconnect, a new Wi-Fi network or waking from sleep — Windows dropped ' +
        'the KDC proxy settings it received when you signed in.',
      fixUser:
        'Check that you can reach the internet (for example, open https://login.microsoftonline.com in a browser). ' +
        'If a debugging proxy such as Fiddler is running, close it. If this started after a VPN reconnect, a ' +
        'network change or sleep, sign out of Windows and sign in again. Then run the check again; if it still ' +
        'fails, send this report to your helpdesk.',
      fixHelpdesk:
        '`klist get MSSQLSvc/<mi>.<dnszone>.database.windows.net:1433` failing with substatus 0x51f (klist failed ' +
        'with 0xc000005e) is this case. Check the proxy used by system services with `netsh winhttp show proxy` ' +
        'and reset it with `netsh winhttp reset proxy` and `netsh winhttp reset autoproxy`. For a proxy left ' +
        "by Fiddler, Microsoft's guidance is also to remove `:8888` entries under " +
        '`HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr`, ' +
        'reboot, and make sure the WinHttpAutoProxySvc and iphlpsvc services run. ' +
        'Allow HTTPS to login.microsoftonline.com ' +
        'without TLS inspection. The Group Policy "Specify KDC proxy servers for Kerberos clients" (value name ' +
        '`KERBEROS.MICROSOFTONLINE.COM`, value `<https login.microsoftonline.com:443:<tenant id>/kerberos />`) ' +
        'matters in both flows: the trust-based flow requires it, and in the modern flow it keeps the KDC proxy ' +
        'configuration across network changes (VPN reconnect, Wi-Fi change, sleep), which otherwise clear it ' +
        'until the user signs out and in.',
    },
  },
};
