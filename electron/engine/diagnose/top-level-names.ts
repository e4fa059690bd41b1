// Why an SPN was unknown, when the evidence of two sources says it together: `dsregcmd /status` lists the
// names Windows sends to Microsoft Entra Kerberos (SSO State, KerbTopLevelNames: "List of top level Kerberos
// realm names for Cloud Kerberos", https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state),
// and a failed `klist get MSSQLSvc/<host>:<port>` names the SPN. Windows lists a suffix once without a port
// and once per port (`.windows.net,.windows.net:1433,.windows.net:3342`): a suffix with a port covers that
// port only, so a port that is not listed (the public endpoint's 3342) is not sent to the Entra realm — the
// request goes to the user's own realm, which does not know the SPN (0x6fb, "SQL SPN not found":
// https://learn.microsoft.com/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot).
import { sanitizeEvidenceText, type Evidence } from './evidence';

/** host and port of `MSSQLSvc/<host>:<port>[@REALM]`, or null for any other name. */
function sqlSpn(name: string | undefined): { host: string; port: string | null } | null {
  const m = /^MSSQLSvc\/([^:@/\s]+)(?::(\d{1,5}))?(?:@\S+)?$/i.exec(name ?? '');
  return m?.[1] ? { host: m[1].toLowerCase(), port: m[2] ?? null } : null;
}

/** Whether one KerbTopLevelNames entry (`.windows.net`, `.windows.net:3342`) covers host:port. */
function covers(entry: string, host: string, port: string | null): boolean {
  const m = /^(\.?[^:\s]+)(?::(\d{1,5}))?$/.exec(entry.trim().toLowerCase());
  if (!m?.[1]) return false;
  const suffix = m[1].startsWith('.') ? m[1] : `.${m[1]}`;
  const hostOk = host.endsWith(suffix) || host === suffix.slice(1);
  return hostOk && (m[2] ?? null) === port;
}

/** The SPN a piece of evidence asked for, when it names one. */
function askedFor(e: Evidence): string | undefined {
  if (e.kind === 'klist-substatus' || e.kind === 'ntstatus') return e.target;
  if (e.kind === 'kdc-error') return e.server;
  return undefined;
}

/**
 * The line that explains an unknown SQL SPN by the names the device sends to Entra Kerberos, or null when
 * no dsregcmd listed them, no failure named a SQL SPN, or the names cover it.
 */
export function topLevelNamesExplanation(evidence: readonly Evidence[]): string | null {
  const names = evidence.flatMap((e) => (e.kind === 'dsregcmd' && e.kerbTopLevelNames?.length ? e.kerbTopLevelNames : []));
  if (names.length === 0) return null;
  for (const e of evidence) {
    const spn = sqlSpn(askedFor(e));
    if (!spn) continue;
    if (names.some((n) => covers(n, spn.host, spn.port))) continue;
    const hostCovered = names.some((n) => covers(n, spn.host, null) || (spn.port !== null && /:\d+$/.test(n) && covers(n.replace(/:\d+$/, ''), spn.host, null)));
    const listed = sanitizeEvidenceText(names.join(','));
    const what = spn.port !== null && hostCovered
      ? `port ${spn.port} is not mapped: no KerbTopLevelNames entry ends in ":${spn.port}"${spn.port === '3342' ? ' (the public endpoint\'s port)' : ''}`
      : `the host ${sanitizeEvidenceText(spn.host)} is under none of them`;
    return `dsregcmd /status KerbTopLevelNames (${listed}) do not cover ${sanitizeEvidenceText(askedFor(e) ?? '')}: ${what}, so Windows asked the user's own realm instead of Microsoft Entra Kerberos, which does not know the SPN`;
  }
  return null;
}
