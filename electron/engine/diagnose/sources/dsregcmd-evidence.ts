// `dsregcmd /status` facts (null: the line was absent — for CloudTgt / OnPremTgt, a build before Windows 11
// 21H2 that does not print them, never NO). CloudTgt = a cloud Kerberos ticket for cloud resources (the
// modern flow's); OnPremTgt = a cloud Kerberos ticket for on-premises resources (cloud Kerberos trust), not
// the trust-based flow's TGT:
// https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state
// Alone it is context: rules.ts says when a missing cloud ticket explains a failure.
import { failure, type EvidenceSource, type Reading } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { TROUBLESHOOT } from '../catalog-wording';
import { aadstsMeaning, attemptStatusMeaning, AADSTS_CODES, PRT_TROUBLESHOOT } from '../prt-errors';

export interface DsregcmdEvidence {
  kind: 'dsregcmd';
  azureAdJoined: boolean | null;
  domainJoined: boolean | null;
  azureAdPrt: boolean | null;
  cloudTgt: boolean | null;
  onPremTgt: boolean | null;
  /** SSO State's KerbTopLevelNames ("top level Kerberos realm names for Cloud Kerberos"), when printed. */
  kerbTopLevelNames?: string[];
  /** Whether the Device State / SSO State sections were pasted (absent: not known, as from the check's own run). */
  devicePasted?: boolean;
  ssoPasted?: boolean;
  /** AzureAdPrtExpiryTime (ISO UTC), when printed. */
  prtExpiry?: string | null;
  /** The time the output is judged at (ISO): `--at`, its own Client Time, or the time of reading. */
  judgedAt?: string | null;
  /** The last failed PRT attempt, as Windows printed it under AzureAdPrt. */
  prtAttempt?: {
    time: string | null;
    status: string | null;
    httpStatus: number | null;
    serverErrorCode: string | null;
    aadsts: string | null;
  } | null;
}

/**
 * Why this output shows no usable PRT: `AzureAdPrt : NO` on a device not shown outside Microsoft Entra ID (a
 * device that is not Entra joined or hybrid joined has no PRT to have), or a PRT whose expiry time had passed
 * when the output was printed. null: a PRT is there, or nothing says.
 */
function prtProblem(e: DsregcmdEvidence): string | null {
  if (e.azureAdPrt === false && e.azureAdJoined !== false) return 'AzureAdPrt NO';
  const expiry = e.prtExpiry ? Date.parse(e.prtExpiry) : Number.NaN;
  const at = e.judgedAt ? Date.parse(e.judgedAt) : Number.NaN;
  if (e.azureAdPrt === true && expiry <= at)
    return `AzureAdPrt YES, but it expired at ${e.prtExpiry ?? ''} (judged at ${e.judgedAt ?? ''})`;
  return null;
}

/** The failed attempt in words, with Microsoft's meaning of its codes. */
export function describePrtAttempt(a: NonNullable<DsregcmdEvidence['prtAttempt']>): string {
  const status = a.status ? `Attempt Status ${a.status}` : null;
  const meaning = attemptStatusMeaning(a.status);
  const parts = [
    a.time ? `at ${a.time}` : null,
    status ? `${status}${meaning ? ` (${meaning})` : ''}` : null,
    a.httpStatus !== null ? `HTTP ${a.httpStatus}` : null,
    a.serverErrorCode,
    a.aadsts ? `${a.aadsts}${aadstsMeaning(a.aadsts) ? ` (${aadstsMeaning(a.aadsts)})` : ''}` : null,
  ].filter((p): p is string => p !== null);
  return sanitizeEvidenceText(`last PRT attempt failed: ${parts.join(', ')}`);
}

/**
 * A missing or expired PRT: without one, Windows gets no cloud TGT (the modern flow's ticket comes with the
 * Microsoft Entra sign-in, troubleshoot-device-dsregcmd "SSO state"). It is the failure unless the output shows
 * another way in — a cloud ticket already held (CloudTgt YES) or a domain join, where the incoming trust flow
 * needs no PRT; there it is context that explains the failures a missing cloud ticket causes.
 */
function readDsregcmd(line: string, e: DsregcmdEvidence): Reading {
  const problem = prtProblem(e);
  if (!problem) return { code: null, role: 'context', line };
  const attempt = e.prtAttempt ? `; ${describePrtAttempt(e.prtAttempt)}` : '';
  const said = `${line} — no usable PRT (${sanitizeEvidenceText(problem)})${attempt}`;
  if (e.cloudTgt === true || e.domainJoined === true) return { code: 'PRT_MISSING', role: 'context', line: said };
  return failure(said, 'PRT_MISSING');
}

const yesNo = (v: boolean | null): string => (v === null ? 'absent' : v ? 'YES' : 'NO');
/** CloudTgt / OnPremTgt exist from Windows 11 21H2 on: an absent line is a build that does not say. */
const tgtLine = (v: boolean | null): string => (v === null ? 'not printed by this Windows build' : v ? 'YES' : 'NO');

/** The evidence in one line: what a section that was not pasted would have said is said as not pasted. */
function describeDsregcmd(e: DsregcmdEvidence): string {
  const device =
    e.devicePasted === false
      ? 'Device State not pasted'
      : `AzureAdJoined ${yesNo(e.azureAdJoined)}, DomainJoined ${yesNo(e.domainJoined)}`;
  const sso =
    e.ssoPasted === false
      ? 'SSO State not pasted'
      : `AzureAdPrt ${yesNo(e.azureAdPrt)}, CloudTgt ${tgtLine(e.cloudTgt)}, OnPremTgt ${tgtLine(e.onPremTgt)}`;
  return `dsregcmd /status: ${device}, ${sso}`;
}

export const dsregcmdEvidence: EvidenceSource<DsregcmdEvidence> = {
  kind: 'dsregcmd',
  describe: describeDsregcmd,
  read(e) {
    return readDsregcmd(this.describe(e), e);
  },
  explains: { PRT_MISSING: ['NO_TGT', 'CLOUD_TGT_MISSING', 'NTLM_FALLBACK', 'UNKNOWN'] },
  catalog: {
    // The PRT and its diagnostics: troubleshoot-device-dsregcmd "SSO state" and troubleshoot-primary-refresh-token;
    // the AADSTS codes: reference-error-codes (PRT_TROUBLESHOOT, AADSTS_CODES).
    PRT_MISSING: {
      title: 'Your Windows sign-in has no Microsoft Entra token',
      helpdeskTitle: "The user's Windows session had no Microsoft Entra token (no PRT)",
      cause:
        'When you sign in to a Microsoft Entra joined or hybrid joined computer, Windows gets a token from ' +
        'Microsoft Entra ID (the Primary Refresh Token) and, with it, the Kerberos ticket the database needs. ' +
        'This session has no such token, or it had expired: Windows could not get it, often because Microsoft ' +
        'Entra ID refused the sign-in (the evidence below gives its error), or the computer could not reach it.',
      fixUser:
        'Lock the computer (Windows+L) and unlock it with your password while connected to the internet, then run ' +
        'the check again. If your password changed recently, wait a little and try again.',
      fixHelpdesk:
        '`dsregcmd /status` → SSO State shows `AzureAdPrt : NO` (or an AzureAdPrtExpiryTime in the past); from ' +
        'Windows 10 21H1 on the lines below it give the last attempt: Attempt Status, HTTP status and the ' +
        'server error (AADSTS code). Look the code up in Microsoft Entra authentication and authorization error ' +
        `codes (${AADSTS_CODES}) and follow the PRT troubleshooting steps (${PRT_TROUBLESHOOT}): AADSTS50126 is ` +
        'a wrong or not yet synchronized password, AADSTS90002 a sign-in name whose domain is no verified ' +
        'domain of the tenant (a non-routable UPN suffix such as .local), AADSTS50155 a deleted or disabled ' +
        'device. Without a PRT the modern flow gets no cloud TGT; a domain joined device can still use the ' +
        'incoming trust-based flow, which needs none. Then lock and unlock, and check again. ' +
        `Microsoft: ${TROUBLESHOOT}`,
    },
    CLOUD_TGT_MISSING: {
      title: 'No Microsoft Entra Kerberos ticket on this computer',
      helpdeskTitle: "The user's session held no Microsoft Entra Kerberos ticket (cloud TGT)",
      cause:
        'In the modern flow Windows gets a Kerberos ticket from Microsoft Entra ID (a "cloud TGT") when you sign ' +
        'in interactively, if the policy "Allow retrieving the cloud kerberos ticket during the logon" is enabled. ' +
        'This session has no such ticket: the policy is not enabled or had not applied yet when you signed in, ' +
        'you signed in without internet access, the session is not interactive (a service or scheduled task), ' +
        'or the device is not Microsoft Entra joined or hybrid joined. The evidence below says whether the policy ' +
        'was shown enabled.',
      fixUser:
        'Lock the computer (Windows+L) and unlock it while connected to the internet, then run the check again. ' +
        'If it still fails, restart the computer and sign in again.',
      fixHelpdesk:
        'Check `dsregcmd /status` (AzureAdJoined or hybrid joined, `AzureAdPrt : YES`, `CloudTgt : YES`; Windows ' +
        '11 21H2 and later print CloudTgt, older builds do not say) and `klist cloud_debug` ("Cloud Kerberos ' +
        'enabled by policy: 1"; its "Cloud Primary (Hybrid logon) TGT" line is the cloud Kerberos trust ticket ' +
        'for on-premises resources, like OnPremTgt). Enable the policy if it is not, run `dsregcmd /RefreshPrt`, ' +
        'then lock and unlock. Microsoft notes that a new ticket can take hours to appear after the policy is ' +
        'enabled, and that only interactive sessions receive one. If the device is domain joined, the trust-based ' +
        'flow needs no cloud ticket: check for a `krbtgt/<AD DOMAIN>` TGT in `klist` instead.',
    },
  },
};
