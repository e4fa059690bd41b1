// What a `dsregcmd /status` says, for people and for diagnose/: the join state, the PRT (where it was printed, when
// it expires, the last failed attempt), the cloud tickets and the flow this session can use — each unknown said as
// unknown, with the reason (a section that was not pasted is not a build that does not print it, and a line that
// is not there says neither yes nor no). Field meanings:
// https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd ("Device state",
// "SSO state"); the PRT's refresh every four hours:
// https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-primary-refresh-token (step 1).
import { sanitizeEvidenceText } from '../diagnose/evidence';
import { describePrtAttempt, type DsregcmdEvidence } from '../diagnose/sources/dsregcmd-evidence';
import type { DsregStatus } from './dsregcmd';

const yn = (b: boolean | null, absent = 'not printed'): string => (b === null ? absent : b ? 'YES' : 'NO');
const HOUR = 3600_000;
/** Microsoft: an AzureAdPrtUpdateTime more than four hours old means something likely prevents the refresh. */
const PRT_REFRESH_HOURS = 4;

const hasSection = (s: DsregStatus, title: string): boolean =>
  s.pasted.some((p) => p.toLowerCase() === title.toLowerCase());
/** Field lines pasted without their boxes: read as the lines they are. */
const linesOnly = (s: DsregStatus): boolean => s.pasted.length === 0;

/** The time the output is judged at: the time given (`--at`), else its own Diagnostic Data Client Time. */
export function dsregcmdJudgedAt(s: DsregStatus, given: Date | null): Date | null {
  return given ?? (s.clientTime ? new Date(s.clientTime) : null);
}

/** The evidence diagnose/ reads (dsregcmd-evidence.ts judges it). */
export function dsregcmdEvidenceOf(s: DsregStatus, judgedAt: Date | null): DsregcmdEvidence {
  return {
    kind: 'dsregcmd',
    azureAdJoined: s.device.azureAdJoined,
    domainJoined: s.device.domainJoined,
    azureAdPrt: s.sso.azureAdPrt,
    cloudTgt: s.sso.cloudTgt,
    onPremTgt: s.sso.onPremTgt,
    ...(s.sso.kerbTopLevelNames.length ? { kerbTopLevelNames: s.sso.kerbTopLevelNames } : {}),
    ...(s.sso.azureAdPrtExpiryTime ? { prtExpiry: s.sso.azureAdPrtExpiryTime } : {}),
    ...(judgedAt ? { judgedAt: judgedAt.toISOString() } : {}),
    // What was pasted: a section that is missing says nothing about the build (issue 22, item 7).
    devicePasted: hasSection(s, 'Device State') || (linesOnly(s) && s.device.azureAdJoined !== null),
    ssoPasted: hasSection(s, 'SSO State') || (linesOnly(s) && s.sso.azureAdPrt !== null),
    ...(s.sso.prtAttempt
      ? {
          prtAttempt: {
            time: s.sso.prtAttempt.time,
            status: s.sso.prtAttempt.status,
            httpStatus: s.sso.prtAttempt.httpStatus,
            serverErrorCode: s.sso.prtAttempt.serverErrorCode,
            aadsts: s.sso.prtAttempt.aadsts,
          },
        }
      : {}),
  };
}

function joinFact(s: DsregStatus): string {
  if (!hasSection(s, 'Device State') && !(linesOnly(s) && s.device.azureAdJoined !== null))
    return 'join state not known: the Device State section was not pasted';
  const domain = s.device.domainName ? ` (${sanitizeEvidenceText(s.device.domainName)})` : '';
  return `Entra joined: ${yn(s.device.azureAdJoined)}, domain joined: ${yn(s.device.domainJoined)}${domain}`;
}

/** The PRT's times, judged at `at` when it is known: expired, or not refreshed for more than four hours. */
function prtTimes(s: DsregStatus, at: Date | null): string {
  const { azureAdPrtUpdateTime: updated, azureAdPrtExpiryTime: expires } = s.sso;
  const said = [updated ? `updated ${updated}` : null, expires ? `expires ${expires}` : null].filter(Boolean);
  let judged = '';
  if (at && expires && Date.parse(expires) <= at.getTime())
    judged = `; expired at ${expires} (judged at ${at.toISOString()})`;
  else if (at && updated && at.getTime() - Date.parse(updated) > PRT_REFRESH_HOURS * HOUR)
    judged =
      `; not refreshed for ${Math.floor((at.getTime() - Date.parse(updated)) / HOUR)} hours at ${at.toISOString()} ` +
      `(Windows refreshes it every ${PRT_REFRESH_HOURS} hours: something likely prevents the refresh)`;
  return said.length ? ` (${said.join(', ')}${judged})` : '';
}

function prtFact(s: DsregStatus, at: Date | null): string {
  if (s.sso.azureAdPrtSection === null)
    return hasSection(s, 'SSO State')
      ? 'PRT: not printed (the SSO State section has no AzureAdPrt line)'
      : 'PRT, CloudTgt, OnPremTgt not known: the SSO State section was not pasted';
  const where =
    s.sso.azureAdPrtSection === 'User State'
      ? ' — printed under User State, the older layout without an SSO State section'
      : '';
  const notJoined =
    s.sso.azureAdPrt === false && s.device.azureAdJoined === false
      ? ' — expected: only a Microsoft Entra joined or hybrid joined device gets one'
      : '';
  return `PRT: ${yn(s.sso.azureAdPrt)}${prtTimes(s, at)}${where}${notJoined}`;
}

/** CloudTgt / OnPremTgt: printed, not printed by this SSO State, or not shown because there is no SSO State. */
function cloudTicketFact(s: DsregStatus): string | null {
  if (!hasSection(s, 'SSO State') && !linesOnly(s)) {
    return s.sso.azureAdPrtSection === 'User State'
      ? 'CloudTgt / OnPremTgt not shown: this output has no SSO State section'
      : null;
  }
  const absent = linesOnly(s)
    ? 'not pasted'
    : 'not printed (a build before Windows 11 21H2 does not say, or the line was not pasted)';
  return (
    `CloudTgt (cloud Kerberos ticket for cloud resources): ${yn(s.sso.cloudTgt, absent)}, ` +
    `OnPremTgt (cloud Kerberos trust ticket for on-premises resources, not the incoming trust flow): ` +
    `${yn(s.sso.onPremTgt, absent)}`
  );
}

/**
 * The flow a dsregcmd /status alone can show. CloudTgt YES is the modern flow's cloud TGT. The trust-based
 * flow's first ticket is a TGT from a domain controller, which only klist shows; OnPremTgt is a cloud
 * Kerberos trust ticket for on-premises resources and says nothing about it:
 * https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state,
 * https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot.
 */
function flowFact(s: DsregStatus): string {
  if (s.sso.cloudTgt === true)
    return 'modern interactive (CloudTgt YES: a cloud Kerberos ticket for cloud resources is present)';
  const modern =
    s.sso.cloudTgt === false
      ? 'not the modern flow (CloudTgt NO)'
      : s.device.azureAdJoined === false
        ? 'not the modern flow (AzureAdJoined NO: not Microsoft Entra joined or hybrid joined)'
        : 'modern flow not shown (no CloudTgt line)';
  if (s.device.domainJoined === true)
    return (
      `${modern}; incoming trust possible (DomainJoined YES) — shown only by a TGT from a domain controller ` +
      'in `klist` (krbtgt/<AD realm>), which dsregcmd cannot show'
    );
  if (s.device.domainJoined === false) return `${modern}; not the incoming trust flow (DomainJoined NO)`;
  const why = hasSection(s, 'Device State') ? 'no DomainJoined line' : 'the Device State section was not pasted';
  return `${modern}; incoming trust flow unknown (${why})`;
}

/** The facts said in words, one line each. */
export function dsregcmdFacts(s: DsregStatus, at: Date | null): string[] {
  const facts = [joinFact(s), prtFact(s, at)];
  if (s.sso.prtAttempt) facts.push(describePrtAttempt(s.sso.prtAttempt));
  const tickets = cloudTicketFact(s);
  if (tickets) facts.push(tickets);
  facts.push(`flow this session can use: ${flowFact(s)}`);
  if (s.sso.kerbTopLevelNames.length)
    facts.push(`host suffixes sent to Entra Kerberos: ${sanitizeEvidenceText(s.sso.kerbTopLevelNames.join(', '))}`);
  if (s.clientTime) facts.push(`printed at ${s.clientTime} (Diagnostic Data: Client Time)`);
  return facts;
}
