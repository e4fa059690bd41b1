// The token's logon type and integrity (`whoami /groups`), and what dsregcmd run in the same session says of
// its sign-in: `prt` = AzureAdPrt (a Microsoft Entra sign-in behind this session), on a device `entraOnly` when
// it is Microsoft Entra joined and not domain joined (null: not known). "Run as" another user or a local
// account is an interactive session without the PRT.
import type { DeviceFactSource, Finding } from '../evidence-source';
import { readDeviceFact } from '../device-fact-reading';
import { TROUBLESHOOT } from '../catalog-wording';

export interface SessionEvidence {
  kind: 'session';
  /** null: the output shows no logon-type group (an excerpt), so it does not say. */
  interactive: boolean | null;
  elevated: boolean;
  logon: string[];
  integrity: string | null;
  prt?: boolean | null;
  entraOnly?: boolean | null;
}

function describeSession(e: SessionEvidence): string {
  const logon = e.logon.length ? e.logon.join(', ') : 'no logon-type group';
  const kind =
    e.interactive === null
      ? 'logon type not shown (no INTERACTIVE, SERVICE, BATCH or NETWORK group in this output)'
      : e.interactive
        ? 'interactive'
        : `not interactive (${logon})`;
  const elevated = e.elevated ? 'elevated (administrator token)' : 'not elevated';
  const integrity = e.integrity ? `, ${e.integrity} integrity` : '';
  const prt = e.prt === undefined || e.prt === null ? '' : `, AzureAdPrt ${e.prt ? 'YES' : 'NO'}`;
  return `session: ${kind}, ${elevated}${integrity}${prt}`;
}

function judgeSession(session: SessionEvidence): Finding | null {
  if (session.interactive === false)
    return {
      code: 'SESSION_NOT_INTERACTIVE',
      severity: 'error',
      note: "Windows Authentication for Microsoft Entra principals works only in the user's interactive session",
    };
  if (session.elevated)
    return {
      code: 'SESSION_ELEVATED',
      severity: 'warn',
      note: 'an elevated session is a logon session of its own, with its own tickets',
    };
  // Only where the cloud ticket is the way in: a domain account's "Run as" still gets a TGT from a domain controller.
  if (session.prt === false && session.entraOnly === true)
    return {
      code: 'SESSION_WITHOUT_PRT',
      severity: 'warn',
      note:
        'this session has no Microsoft Entra sign-in (AzureAdPrt NO): it runs as another account ("Run as") ' +
        'or a local account',
    };
  return null;
}

export const sessionEvidence: DeviceFactSource<SessionEvidence> = {
  kind: 'session',
  deviceFact: true,
  describe: describeSession,
  judge: judgeSession,
  read(e) {
    return readDeviceFact(this, e);
  },
  explains: {
    SESSION_NOT_INTERACTIVE: [
      'NO_TGT',
      'CLOUD_TGT_MISSING',
      'CLOUD_KERBEROS_POLICY_OFF',
      'NTLM_FALLBACK',
      'UNKNOWN',
      'PRT_MISSING',
    ],
    SESSION_ELEVATED: ['NO_TGT', 'CLOUD_TGT_MISSING'],
    // A session without the user's Entra sign-in is why dsregcmd run in it shows no PRT.
    SESSION_WITHOUT_PRT: ['NO_TGT', 'CLOUD_TGT_MISSING', 'NTLM_FALLBACK', 'UNKNOWN', 'PRT_MISSING'],
  },
  catalog: {
    // Interactive session only (TROUBLESHOOT; the well-known logon SIDs:
    // https://learn.microsoft.com/en-us/windows/win32/secauthz/well-known-sids).
    SESSION_NOT_INTERACTIVE: {
      title: 'The check runs outside your own Windows sign-in session',
      helpdeskTitle: "The check ran outside the user's own Windows sign-in session",
      cause:
        'Windows Authentication for Microsoft Entra accounts works only in the session ' +
        'you signed in to interactively: ' +
        'there Windows holds the Kerberos tickets it received at sign-in. This check ran as a service, a scheduled ' +
        'task or a network logon, which holds no such tickets, so Windows had nothing to show the database.',
      fixUser:
        'Run KerbProbe (and the program that connects to the database) from your own desktop session, not as ' +
        'a scheduled task, service or remote command.',
      fixHelpdesk:
        `\`whoami /groups\` in the failing context lacks S-1-5-4 (INTERACTIVE) and shows S-1-5-6 (SERVICE), S-1-5-3 ` +
        `(BATCH) or S-1-5-2 (NETWORK). Services and non-interactive sessions cannot use Windows Authentication ` +
        `for Microsoft Entra principals; run the program in the user's interactive ` +
        `session, or use another authentication ` +
        `method (for example a managed identity) for services. Microsoft: ${TROUBLESHOOT}`,
    },
    // UAC's split token:
    // https://learn.microsoft.com/en-us/windows/security/application-security/application-control/user-account-control/how-it-works
    SESSION_ELEVATED: {
      title: 'The check runs in an elevated (administrator) session',
      helpdeskTitle: 'The check ran in an elevated (administrator) session',
      cause:
        'When a program runs "as administrator", Windows gives it a separate logon session with its own Kerberos ' +
        'tickets. The tickets you received at sign-in, including the Microsoft Entra ticket the database needs, ' +
        'live in your normal session, so the elevated program may not have them.',
      fixUser: 'Close the program and start it normally (not with "Run as administrator"), then run the check again.',
      fixHelpdesk:
        'Compare `klist` in an elevated and a normal prompt: the `Current LogonId` differs and so do the tickets ' +
        '(the mandatory label in `whoami /groups` is S-1-16-12288, High, in the elevated one). Run the client ' +
        'without elevation; with UAC on, the elevated token is a separate logon session. ' +
        'Microsoft: ' +
        'https://learn.microsoft.com/en-us/windows/security/application-security/application-control/user-account-control/how-it-works',
    },
    // AzureAdPrt: https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state
    SESSION_WITHOUT_PRT: {
      title: 'The check runs as another account than your Microsoft Entra sign-in',
      helpdeskTitle: "The check ran in a session without the user's Microsoft Entra sign-in (no PRT)",
      cause:
        'On this computer, which signs you in with Microsoft Entra ID only, the ticket the database needs comes ' +
        'with your Microsoft Entra sign-in. This session has none: the program was started as another user ("Run ' +
        'as") or with a local account, so Windows has no Microsoft Entra ticket to offer for it.',
      fixUser:
        'Start KerbProbe and the program that connects to the database normally, under your own account (not ' +
        '"Run as different user"), then run the check again.',
      fixHelpdesk:
        `In the failing context \`dsregcmd /status\` shows \`AzureAdPrt : NO\` on a device with \`AzureAdJoined ` +
        `: YES\` and \`DomainJoined : NO\`; \`whoami /upn\` names the account the ` +
        `program runs as. Windows Authentication ` +
        `for Microsoft Entra principals works only in the signed-in user's own interactive session: run the client ` +
        `as that user. Microsoft: ` +
        `https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state ` +
        `and ${TROUBLESHOOT}`,
    },
  },
};
