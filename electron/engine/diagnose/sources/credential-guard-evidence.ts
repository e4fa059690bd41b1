// Credential Guard as configured (LsaCfgFlags).
import type { DeviceFactSource } from '../evidence-source';
import { readDeviceFact } from '../device-fact-reading';

export interface CredentialGuardEvidence {
  kind: 'credential-guard';
  config: string;
  source: string | null;
}

export const credentialGuardEvidence: DeviceFactSource<CredentialGuardEvidence> = {
  kind: 'credential-guard',
  deviceFact: true,
  describe: (e) =>
    `Credential Guard: ${
      e.config === 'not-configured'
        ? 'not configured by LsaCfgFlags (on by default on eligible Windows 11 22H2+ devices)'
        : e.config
    }${e.source ? ` (${e.source})` : ''}`,
  judge: (e) =>
    e.config === 'on' || e.config === 'on-uefi-lock'
      ? {
          code: 'CREDENTIAL_GUARD_ON',
          severity: 'info',
          note: 'Credential Guard is on: unconstrained Kerberos delegation is not available',
        }
      : null,
  read(e) {
    return readDeviceFact(this, e);
  },
  catalog: {
    // https://learn.microsoft.com/en-us/windows/security/identity-protection/credential-guard/considerations-known-issues
    CREDENTIAL_GUARD_ON: {
      title: 'Credential Guard is on (information)',
      helpdeskTitle: "Credential Guard was on on the user's device (information)",
      cause:
        'Credential Guard protects the secrets behind your Windows sign-in. It does not stop you from signing ' +
        'in to the database, but it does not allow unconstrained Kerberos delegation: a database that passes ' +
        'your identity on to another server needs constrained delegation instead.',
      fixUser:
        'Nothing to do for a direct connection to the database. If a connection that goes through another server ' +
        'fails, tell your helpdesk that Credential Guard is on.',
      fixHelpdesk:
        'LsaCfgFlags (`reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa /v LsaCfgFlags`, or the DeviceGuard ' +
        'policy key) is 1 or 2. With Credential Guard on, unconstrained delegation is blocked; configure constrained ' +
        'or resource-based constrained delegation for double-hop scenarios. Microsoft: ' +
        'https://learn.microsoft.com/en-us/windows/security/identity-protection/credential-guard/considerations-known-issues',
    },
  },
};
