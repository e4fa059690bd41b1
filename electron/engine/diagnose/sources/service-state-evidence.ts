// `sc query` of a service the KDC proxy path needs.
import type { DeviceFactSource } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { readDeviceFact } from '../device-fact-reading';
import { CONTACT, FILES } from '../catalog-wording';

export interface ServiceStateEvidence {
  kind: 'service-state';
  service: string;
  state: string;
}

export const serviceStateEvidence: DeviceFactSource<ServiceStateEvidence> = {
  kind: 'service-state',
  deviceFact: true,
  describe: (e) => `service ${sanitizeEvidenceText(e.service)}: ${e.state}`,
  judge: (e) =>
    e.state === 'running'
      ? null
      : {
          code: 'PROXY_SERVICE_STOPPED',
          severity: 'warn',
          note: `${e.service} is ${e.state}; the KDC proxy path needs it running`,
        },
  read(e) {
    return readDeviceFact(this, e);
  },
  explains: { PROXY_SERVICE_STOPPED: ['CLOUD_KDC_UNREACHABLE'] },
  catalog: {
    PROXY_SERVICE_STOPPED: {
      title: 'A Windows service the Kerberos proxy path needs is not running',
      helpdeskTitle: 'A Windows service the Kerberos proxy path needs was not running on the device',
      cause:
        'Windows reaches Microsoft Entra Kerberos through system web services: the WinHTTP Web Proxy Auto-Discovery ' +
        'service (WinHttpAutoProxySvc) and the IP Helper service (iphlpsvc). One of them is stopped or missing ' +
        'on this computer, which is one of the known causes of "no logon servers" (0x51f) for the database.',
      fixUser: CONTACT,
      fixHelpdesk:
        `\`sc query WinHttpAutoProxySvc\` and \`sc query iphlpsvc\` must both be RUNNING (state 4). Set them back ` +
        `to their default start type, start them (or reboot), then \`klist purge\` and retry. Microsoft: ${FILES}`,
    },
  },
};
