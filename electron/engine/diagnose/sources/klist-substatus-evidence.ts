// `klist get` "(GetTicket substatus): 0x6fb", and what a failed `klist get` tells: its LSA substatus and
// NTSTATUS, as numbers (the text beside them is localized, and for 0x6fb misleading).
import type { EvidenceSource } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { readKlistStatus } from '../status-reading';
import type { NtstatusEvidence } from './ntstatus-evidence';
import { CONTACT } from '../catalog-wording';

/** `target` is the SPN asked for, `userRealm` the signed-in realm. */
export interface KlistSubstatusEvidence {
  kind: 'klist-substatus';
  hex: string;
  target?: string;
  userRealm?: string;
}

/** The evidence of a failed `klist get` (windows-klist-get.ts reads its numbers). */
export function klistFailureEvidence(
  failed: { substatusHex: string | null; statusHex: string | null },
  target: string | null,
  userRealm?: string,
): (KlistSubstatusEvidence | NtstatusEvidence)[] {
  const about = { ...(target ? { target } : {}), ...(userRealm ? { userRealm } : {}) };
  return [
    ...(failed.substatusHex ? [{ kind: 'klist-substatus' as const, hex: failed.substatusHex, ...about }] : []),
    ...(failed.statusHex ? [{ kind: 'ntstatus' as const, hex: failed.statusHex, ...about }] : []),
  ];
}

export const klistSubstatusEvidence: EvidenceSource<KlistSubstatusEvidence> = {
  kind: 'klist-substatus',
  describe: (e) =>
    `klist get${e.target ? ` ${sanitizeEvidenceText(e.target)}` : ''}: GetTicket ` +
    `substatus ${sanitizeEvidenceText(e.hex)}`,
  read(e) {
    return readKlistStatus(this.describe(e), e);
  },
  catalog: {
    // Documented for klist get's substatus 0x52f (STATUS_ACCOUNT_RESTRICTION 0xc000006e) on a managed instance SPN:
    // https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot
    CONDITIONAL_ACCESS: {
      title: 'A Conditional Access policy blocks the Kerberos ticket',
      helpdeskTitle: 'A Conditional Access policy blocked the Kerberos ticket',
      cause:
        'Microsoft Entra ID refused to issue the Kerberos ticket for the database because a Conditional Access ' +
        "policy (for example, one that requires multifactor authentication) applies to the managed instance's " +
        'application. A Kerberos ticket request cannot satisfy such a requirement, so it is refused.',
      fixUser: CONTACT,
      fixHelpdesk:
        '`klist get MSSQLSvc/<fqdn>:1433` failing with substatus 0x52f (klist failed with 0xc000006e) is this ' +
        'case. Microsoft\'s guidance: exclude the managed instance\'s app ("<mi> principal") from Conditional ' +
        "Access policies that require MFA; the user's Entra sign-in log shows the failure on that app. If the " +
        'error comes from an on-premises domain controller instead, 0x52f is an account restriction (logon hours, ' +
        'allowed workstations, Protected Users).',
    },
  },
};
