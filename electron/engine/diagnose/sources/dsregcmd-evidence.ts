// `dsregcmd /status` facts (null: the line was absent — for CloudTgt / OnPremTgt, a build before Windows 11
// 21H2 that does not print them, never NO). CloudTgt = a cloud Kerberos ticket for cloud resources (the
// modern flow's); OnPremTgt = a cloud Kerberos ticket for on-premises resources (cloud Kerberos trust), not
// the trust-based flow's TGT:
// https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state
// Alone it is context: rules.ts says when a missing cloud ticket explains a failure.
import type { EvidenceSource } from '../evidence-source';

export interface DsregcmdEvidence {
  kind: 'dsregcmd';
  azureAdJoined: boolean | null;
  domainJoined: boolean | null;
  azureAdPrt: boolean | null;
  cloudTgt: boolean | null;
  onPremTgt: boolean | null;
  /** SSO State's KerbTopLevelNames ("top level Kerberos realm names for Cloud Kerberos"), when printed. */
  kerbTopLevelNames?: string[];
}

const yesNo = (v: boolean | null): string => (v === null ? 'absent' : v ? 'YES' : 'NO');
/** CloudTgt / OnPremTgt exist from Windows 11 21H2 on: an absent line is a build that does not say. */
const tgtLine = (v: boolean | null): string => (v === null ? 'not printed by this Windows build' : v ? 'YES' : 'NO');

export const dsregcmdEvidence: EvidenceSource<DsregcmdEvidence> = {
  kind: 'dsregcmd',
  describe: (e) =>
    `dsregcmd /status: AzureAdJoined ${yesNo(e.azureAdJoined)}, DomainJoined ${yesNo(e.domainJoined)}, ` +
    `AzureAdPrt ${yesNo(e.azureAdPrt)}, CloudTgt ${tgtLine(e.cloudTgt)}, OnPremTgt ${tgtLine(e.onPremTgt)}`,
  read(e) {
    return { code: null, role: 'context', line: this.describe(e) };
  },
  catalog: {
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
