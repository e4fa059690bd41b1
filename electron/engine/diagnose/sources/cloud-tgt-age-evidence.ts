// The cloud TGT held: when it started and ends, judged at the check's clock (`now`). The cloud TGT is not
// renewable (about 10 h): https://learn.microsoft.com/en-us/entra/identity/authentication/kerberos
import type { DeviceFactSource, Finding } from '../evidence-source';
import { readDeviceFact } from '../device-fact-reading';
import { TROUBLESHOOT } from '../catalog-wording';

export interface CloudTgtAgeEvidence {
  kind: 'cloud-tgt-age';
  start: string | null;
  end: string | null;
  now: string;
}

/** The hours an Entra cloud TGT lives; it cannot be renewed (a new sign-in brings the next one). */
export const CLOUD_TGT_LIFETIME_HOURS = 10;
/** A cloud TGT with less than this left is reported as about to expire. */
const CLOUD_TGT_WARN_MS = 60 * 60_000;

const hours = (ms: number): string => `${(ms / 3_600_000).toFixed(1)} h`;

function describeAge(e: CloudTgtAgeEvidence): string {
  if (!e.start && !e.end) return 'cloud TGT: start and end times not shown';
  const left = e.end ? Date.parse(e.end) - Date.parse(e.now) : null;
  const age = e.start ? Date.parse(e.now) - Date.parse(e.start) : null;
  const issued = age === null ? '' : ` issued ${hours(age)} ago`;
  const ends = left === null ? '' : left <= 0 ? `, expired ${hours(-left)} ago` : `, ${hours(left)} left`;
  return `cloud TGT${issued}${ends} (not renewable; about ${CLOUD_TGT_LIFETIME_HOURS} h)`;
}

function judgeAge(age: CloudTgtAgeEvidence): Finding | null {
  if (!age.end) return null;
  const left = Date.parse(age.end) - Date.parse(age.now);
  if (left <= 0)
    return {
      code: 'TGT_EXPIRED',
      severity: 'error',
      note: 'the cloud TGT has expired and cannot be renewed: sign out and sign in again',
    };
  if (left <= CLOUD_TGT_WARN_MS)
    return {
      code: 'CLOUD_TGT_EXPIRING',
      severity: 'warn',
      note: `the cloud TGT ends in ${Math.max(1, Math.round(left / 60_000))} min and cannot be renewed`,
    };
  return null;
}

export const cloudTgtAgeEvidence: DeviceFactSource<CloudTgtAgeEvidence> = {
  kind: 'cloud-tgt-age',
  deviceFact: true,
  describe: describeAge,
  judge: judgeAge,
  read(e) {
    return readDeviceFact(this, e);
  },
  catalog: {
    // The cloud TGT is not renewable (about 10 h):
    // https://learn.microsoft.com/en-us/entra/identity/authentication/kerberos
    CLOUD_TGT_EXPIRING: {
      title: 'Your Microsoft Entra sign-in ticket is about to expire',
      helpdeskTitle: "The user's Microsoft Entra Kerberos ticket was about to expire",
      cause:
        'The Microsoft Entra Kerberos ticket-granting ticket (a "cloud TGT") you received at sign-in lives about ' +
        '10 hours and cannot be renewed. Yours ends within the hour; after that, Windows cannot get new tickets ' +
        'for the database until you sign in again.',
      fixUser:
        'Save your work, sign out of Windows and sign in again (locking and unlocking may not bring a new ticket), ' +
        'then run the check again.',
      fixHelpdesk:
        `\`klist\` shows the ticket \`krbtgt/KERBEROS.MICROSOFTONLINE.COM\` with its Start and End Time; \`klist ` +
        `cloud_debug\` and \`dsregcmd /status\` (AzureAdPrt, CloudTgt) show the sign-in state. A cloud TGT cannot ` +
        `be renewed: a new sign-in is what brings the next one. Microsoft: ${TROUBLESHOOT}`,
    },
  },
};
