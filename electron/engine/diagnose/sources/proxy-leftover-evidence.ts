// ProxyMgr entries naming Fiddler's port 8888.
import type { DeviceFactSource } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { readDeviceFact } from '../device-fact-reading';
import { FILES } from '../catalog-wording';

export interface ProxyLeftoverEvidence {
  kind: 'proxy-leftover';
  entries: string[];
}

export const proxyLeftoverEvidence: DeviceFactSource<ProxyLeftoverEvidence> = {
  kind: 'proxy-leftover',
  deviceFact: true,
  describe: (e) =>
    `iphlpsvc ProxyMgr entries naming port 8888 (Fiddler): ${e.entries.map(sanitizeEvidenceText).join('; ')}`,
  judge: (e) =>
    e.entries.length
      ? {
          code: 'FIDDLER_PROXY_LEFTOVER',
          severity: 'warn',
          note: 'proxy entries for port 8888 (Fiddler) remain under iphlpsvc\\Parameters\\ProxyMgr',
        }
      : null,
  read(e) {
    return readDeviceFact(this, e);
  },
  explains: { FIDDLER_PROXY_LEFTOVER: ['CLOUD_KDC_UNREACHABLE'] },
  catalog: {
    FIDDLER_PROXY_LEFTOVER: {
      title: 'A debugging proxy (Fiddler) left proxy settings behind',
      helpdeskTitle: 'A debugging proxy (Fiddler) left proxy settings behind on the device',
      cause:
        'A web debugging tool such as Fiddler (which listens on port 8888) was used on this computer and left ' +
        'proxy entries for Windows system services. Windows now tries to send its Kerberos requests to Microsoft ' +
        'Entra ID through that tool, which is no longer there.',
      fixUser:
        'If Fiddler or a similar tool is installed, start it and close it properly, or ask your helpdesk to remove ' +
        'its settings. Send this report to your helpdesk.',
      fixHelpdesk:
        `Remove the entries naming \`:8888\` under ` +
        `\`HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr\`, ` +
        `run \`netsh winhttp reset proxy\` and \`netsh winhttp reset autoproxy\`, ` +
        `reboot, and make sure the WinHttpAutoProxySvc ` +
        `and iphlpsvc services run. Microsoft: ${FILES}`,
    },
  },
};
