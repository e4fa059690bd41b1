// Whether the instance was found by its name (Azure Resource Graph, across the subscriptions the account reads).
import type { AdminFactOf } from '../../../contract/admin';
import type { EvidenceSource } from '../evidence-source';
import { failure, info } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { MI_PUBLIC_ENDPOINT, RESOURCE_GRAPH } from './admin-pages';

export type AdminLookupEvidence = AdminFactOf<'admin-lookup'>;

export const adminLookupEvidence: EvidenceSource<AdminLookupEvidence> = {
  kind: 'admin-lookup',
  describe: (e) =>
    `Azure Resource Graph: ${e.matches} managed instance${e.matches === 1 ? '' : 's'} named ` +
    `${sanitizeEvidenceText(e.server)} in the subscriptions the account can read`,
  read(e) {
    return e.matches === 0 ? failure(this.describe(e), 'MI_NOT_FOUND') : info(this.describe(e));
  },
  catalog: {
    MI_NOT_FOUND: {
      title: 'The managed instance was not found in Azure',
      helpdeskTitle: 'The managed instance was not found in the subscriptions the account can read',
      cause:
        'No Azure SQL Managed Instance with this name exists in the subscriptions the signed-in account can ' +
        "read. The name may not be the instance's own (an alias, a private-link or custom DNS name), the " +
        'instance may be in a subscription this account has no role on, or in another tenant.',
      fixUser:
        "Check the server name you connect to: it must be the managed instance's own name as the Azure portal " +
        'shows it. Send it to your helpdesk if you are not sure.',
      fixHelpdesk:
        "Use the instance's own name (`<mi>.<dns zone>.database.windows.net`, or " +
        '`<mi>.public.<dns zone>.database.windows.net` for the public endpoint, which this check also matches). ' +
        'Sign in with an account that has at least the Reader role on the subscription of the instance, in the ' +
        `tenant it belongs to (\`--tenant\`). Resource Graph: ${RESOURCE_GRAPH}; the public endpoint's name: ` +
        MI_PUBLIC_ENDPOINT,
    },
  },
};
