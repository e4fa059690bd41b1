// `klist cloud_debug` facts (null: the line was absent). `cloudTgtAvailable` is "Cloud Primary (Hybrid logon)
// TGT available", which Microsoft's troubleshooting checks for cloud Kerberos trust (the partial TGT for
// on-premises resources), next to dsregcmd's OnPremTgt:
// https://learn.microsoft.com/en-us/entra/global-secure-access/how-to-configure-kerberos-sso#troubleshoot
// Alone it is context: rules.ts says when the policy explains a missing ticket.
import type { EvidenceSource } from '../evidence-source';
import { CONTACT } from '../catalog-wording';

export interface CloudDebugEvidence {
  kind: 'cloud-debug';
  policyEnabled: boolean | null;
  cloudTgtAvailable: boolean | null;
}

const flag = (v: boolean | null): string | number => (v === null ? 'absent' : v ? 1 : 0);

export const cloudDebugEvidence: EvidenceSource<CloudDebugEvidence> = {
  kind: 'cloud-debug',
  describe: (e) =>
    `klist cloud_debug: Cloud Kerberos enabled by policy: ${flag(e.policyEnabled)}; ` +
    `Cloud Primary (Hybrid logon) TGT available: ${flag(e.cloudTgtAvailable)}`,
  read(e) {
    return { code: null, role: 'context', line: this.describe(e) };
  },
  catalog: {
    CLOUD_KERBEROS_POLICY_OFF: {
      title: 'Cloud Kerberos is turned off on this computer',
      helpdeskTitle: "Cloud Kerberos is turned off on the user's device",
      cause:
        'For the modern flow, Windows must be allowed to get a Kerberos ticket from Microsoft Entra ID when you ' +
        'sign in. The policy "Allow retrieving the cloud kerberos ticket during the logon" is not enabled on ' +
        'this computer, so it has no such ticket.',
      fixUser: CONTACT,
      fixHelpdesk:
        'Enable "Allow retrieving the cloud kerberos ticket during the logon" (Group ' +
        'Policy: Administrative Templates ' +
        '→ System → Kerberos; Intune: CSP ' +
        '`./Device/Vendor/MSFT/Policy/Config/Kerberos/CloudKerberosTicketRetrievalEnabled` ' +
        "= 1). Microsoft's documents quote two registry locations for the DWORD CloudKerberosTicketRetrievalEnabled " +
        '= 1: `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\Parameters` and ' +
        '`HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters`; check ' +
        'both. Then `dsregcmd /RefreshPrt`, ' +
        'lock and unlock; `klist cloud_debug` must show "Cloud Kerberos enabled by policy: 1". Devices that use ' +
        'the trust-based flow do not need this policy.',
    },
  },
};
