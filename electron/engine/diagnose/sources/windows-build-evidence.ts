// CurrentBuild / UBR / InstallationType from the registry, and which flows that build can use. Builds: the
// modern flow needs Windows 10 20H1 / Windows Server 2022 or later; the trust-based flow Windows 10 / Windows
// Server 2012 or later (MODERN).
import type { DeviceFactSource } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { readDeviceFact } from '../device-fact-reading';
import { MODERN } from '../catalog-wording';

export interface WindowsBuildEvidence {
  kind: 'windows-build';
  build: number;
  ubr: number | null;
  server: boolean;
  label: string;
  modern: boolean;
  trust: boolean;
}

const supported = (yes: boolean): string => (yes ? 'supported' : 'not supported');

export const windowsBuildEvidence: DeviceFactSource<WindowsBuildEvidence> = {
  kind: 'windows-build',
  deviceFact: true,
  describe: (e) =>
    `Windows build: ${sanitizeEvidenceText(e.label)}; modern flow ${supported(e.modern)}, ` +
    `trust-based flow ${supported(e.trust)}`,
  // Alone, a build says which flows it allows; whether that matters depends on the join state (windows-flow).
  judge: (e) =>
    e.modern
      ? null
      : {
          code: 'WINDOWS_BUILD_UNSUPPORTED',
          severity: 'info',
          note: e.trust
            ? 'this build cannot use the modern interactive flow (Windows 10 20H1, Windows 11 or Windows Server ' +
              '2022 needed); the incoming trust-based flow remains'
            : 'this build supports neither flow',
        },
  read(e) {
    return readDeviceFact(this, e);
  },
  explains: {
    WINDOWS_BUILD_UNSUPPORTED: ['NO_TGT', 'CLOUD_TGT_MISSING', 'CLOUD_KERBEROS_POLICY_OFF', 'NTLM_FALLBACK', 'UNKNOWN'],
  },
  catalog: {
    // Builds: the modern flow needs Windows 10 20H1 / Windows Server 2022 or later; the trust-based flow Windows 10 /
    // Windows Server 2012 or later (MODERN).
    WINDOWS_BUILD_UNSUPPORTED: {
      title: 'This version of Windows cannot use the sign-in method the database needs',
      helpdeskTitle: "The user's Windows version cannot use the sign-in method the database needs",
      cause:
        'Signing in to the database with your Windows account works only on recent Windows versions: the modern ' +
        'method (a Microsoft Entra ticket received when you sign in) needs Windows 10 version 2004 (20H1), Windows ' +
        '11 or Windows Server 2022; the method through your company domain needs Windows 10 or Windows Server ' +
        '2012. This computer runs an older build than the method it would have to use.',
      fixUser:
        'Install the Windows updates your company offers (Settings, Windows Update), or use a computer with a ' +
        'current Windows version, then run the check again.',
      fixHelpdesk:
        `Read the build with \`reg query "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion" /v CurrentBuild\` ` +
        `(and UBR): the modern interactive flow needs build 19041 or later on clients, ` +
        `20348 on servers; the incoming ` +
        `trust-based flow 10240 on clients, 9200 on servers. Upgrade the device, or use the trust-based flow on ` +
        `a domain-joined device. Microsoft: ${MODERN}`,
    },
  },
};
