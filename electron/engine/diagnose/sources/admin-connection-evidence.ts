// The instance's connection type (ARM proxyOverride) and public endpoint: what the client must reach.
import type { AdminFactOf } from '../../../contract/admin';
import type { EvidenceSource, Finding } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { readDeviceFact } from '../device-fact-reading';
import { MI_CONNECTION_TYPES, MI_PUBLIC_ENDPOINT } from './admin-pages';

export type AdminConnectionEvidence = AdminFactOf<'admin-connection'>;

/** The redirect range a client must reach under Redirect (connection-types-overview). */
export const REDIRECT_PORTS = { first: 11000, last: 11999 } as const;

export const adminConnectionEvidence: EvidenceSource<AdminConnectionEvidence> = {
  kind: 'admin-connection',
  describe: (e) =>
    `managed instance ${sanitizeEvidenceText(e.instance)}: connection type (proxyOverride) ` +
    `${e.proxyOverride === null ? '(not shown)' : sanitizeEvidenceText(e.proxyOverride)}, public endpoint ` +
    `${e.publicEndpoint === null ? '(not shown)' : e.publicEndpoint ? 'enabled (port 3342)' : 'disabled'}`,
  // Redirect is a setting, not a failure: it explains a failed redirected connection (REDIRECT_BLOCKED), and
  // rules.ts joins it with an 18452 seen on a port of the redirect range.
  judge: (e): Finding | null =>
    e.proxyOverride === 'Redirect'
      ? {
          code: 'MI_REDIRECT_PORTS',
          severity: 'warn',
          note:
            `Redirect: the client must reach TCP ${REDIRECT_PORTS.first}–${REDIRECT_PORTS.last} on the instance's ` +
            'subnet after the first connection on 1433',
        }
      : null,
  read(e) {
    return readDeviceFact(this, e);
  },
  explains: { MI_REDIRECT_PORTS: ['REDIRECT_BLOCKED'] },
  catalog: {
    MI_REDIRECT_PORTS: {
      title: 'The instance uses Redirect: ports 11000–11999 must be open',
      helpdeskTitle: "The instance's Redirect connection type needs ports 11000–11999 from the client",
      cause:
        'The managed instance\'s connection type is "Redirect": after the first connection on port 1433 the ' +
        "client is sent straight to the database node on a port between 11000 and 11999. When the client's " +
        'network does not allow those ports, the connection fails after the gateway answered (a public report ' +
        'saw Windows Authentication fail with error 18452 on such a port while the Proxy type worked).',
      fixUser: 'You cannot fix this from your computer. Send this report to your helpdesk.',
      fixHelpdesk:
        'Allow outbound TCP 11000–11999 from the client network to the managed instance subnet (network security ' +
        "group, firewalls, VPN), or set the instance's connection type to Proxy (Azure portal → the instance → " +
        'Networking → Connection type), which needs only 1433; the public endpoint (3342) always uses Proxy. ' +
        `Microsoft: ${MI_CONNECTION_TYPES} and ${MI_PUBLIC_ENDPOINT}`,
    },
  },
};
