// Our clock minus the KDC's, in seconds (from a KRB-ERROR's stime).
import type { EvidenceSource } from '../evidence-source';
import { failure, info } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';

export interface ClockEvidence {
  kind: 'clock';
  skewSeconds: number;
  against: string;
}

/** Kerberos' default tolerance (RFC 4120 §1.6, "typically on the order of 5 minutes"). */
const MAX_SKEW_SECONDS = 300;

export const clockEvidence: EvidenceSource<ClockEvidence> = {
  kind: 'clock',
  describe: (e) => `clock offset ${Math.round(e.skewSeconds)} s against ${sanitizeEvidenceText(e.against)}`,
  read(e) {
    const line = this.describe(e);
    return Math.abs(e.skewSeconds) > MAX_SKEW_SECONDS
      ? failure(line, 'CLOCK_SKEW', `more than the ${MAX_SKEW_SECONDS / 60}-minute tolerance`)
      : info(line, 'within tolerance');
  },
  catalog: {
    CLOCK_SKEW: {
      title: "This computer's clock is wrong",
      helpdeskTitle: "The user's device clock was off by more than Kerberos allows",
      cause:
        'Kerberos tickets carry timestamps and are refused when the clocks of this computer and the Kerberos ' +
        'server differ by more than the allowed tolerance (5 minutes by default, both in Active Directory and ' +
        "MIT Kerberos). This computer's clock or time zone is off.",
      fixUser:
        'Open Settings → Time & language → Date & time, turn on "Set time automatically", press "Sync now" and ' +
        'check the time zone. Then run the check again.',
      fixHelpdesk:
        'Measure the offset with `w32tm /stripchart /computer:<dc> /samples:3 /dataonly` and resync with `w32tm ' +
        '/resync` (elevated); `w32tm /query /source` shows where the time comes from (the domain hierarchy on ' +
        "domain-joined machines). After the clock is right, `klist purge` in the user's session and retry. The " +
        'tolerance is the policy "Maximum tolerance for computer clock synchronization" (default 5 minutes).',
    },
  },
};
