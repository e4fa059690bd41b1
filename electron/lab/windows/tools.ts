// The Windows tools as a Windows client of this lab would see them: `klist` lists the lab user's real tickets
// (read from the lab's ccache at the moment it is asked, so tickets the check obtained appear), rendered in
// Windows' layout (./klist.ts). Tools the lab has no state for (dsregcmd, klist cloud_debug, reg query,
// nltest) are missing, as on a machine without them: the engine reports a missing tool as a warning.
import { readFile } from 'node:fs/promises';
import { CLOUD_REALM } from '../../contract/azure';
import type { Ticket } from '../../contract/report';
import { KerbProbeError } from '../../engine/errors';
import type { RunToolOptions, ToolResult } from '../../engine/run-tool';
import { ticketsFromCcache } from '../../engine/tickets/ticket-source';
import type { LabInfo } from '../lab-types';
import { renderWindowsKlist } from './klist';

/** The UPN suffix the lab's cloud user signs in with, as Windows would print it. */
export const LAB_UPN_SUFFIX = 'contoso.test';

/** Windows' `Kdc Called`: a cloud TGT was supplied at sign-in; every other ticket came from its realm's KDC. */
function kdcCalled(info: LabInfo): (t: Ticket) => string {
  return (t) => {
    const realm = t.serverRealm.toUpperCase();
    if (realm === CLOUD_REALM && t.server.toUpperCase() === `KRBTGT/${CLOUD_REALM}`) return 'TicketSuppliedAtLogon';
    return info.realms.find((r) => r.name.toUpperCase() === realm)?.kdc ?? '';
  };
}

/** A tool runner answering like Windows for this lab (pass it as the platform's `runTool`). */
export function labWindowsTools(info: LabInfo): (command: string, args: string[], opts: RunToolOptions) => Promise<ToolResult> {
  const ccachePath = info.env.KRB5CCNAME.replace(/^FILE:/, '');
  return async (command, args) => {
    if (command === 'klist' && args.length === 0) {
      let tickets: Ticket[] = [];
      try {
        const bytes = await readFile(ccachePath);
        tickets = ticketsFromCcache(bytes, `FILE:${ccachePath}`).tickets;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      return { stdout: renderWindowsKlist(tickets, { upnSuffix: LAB_UPN_SUFFIX, kdcCalled: kdcCalled(info) }), stderr: '', exitCode: 0 };
    }
    throw new KerbProbeError('TOOL_NOT_FOUND', `${command} is not installed or not on PATH`);
  };
}
