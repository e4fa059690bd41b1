// `whoami /groups` (any format: the default table, /fo list, /fo csv): what kind of session this is, read from
// the SIDs in the token, which are never localized (group names and column titles are):
//   S-1-5-4 INTERACTIVE, S-1-5-14 REMOTE INTERACTIVE LOGON, S-1-5-6 SERVICE, S-1-5-3 BATCH, S-1-5-2 NETWORK
//   (https://learn.microsoft.com/en-us/windows/win32/secauthz/well-known-sids); the mandatory label
//   S-1-16-8192 Medium, S-1-16-12288 High (an elevated administrator token), S-1-16-16384 System
//   (https://learn.microsoft.com/en-us/windows/security/identity-protection/access-control/security-identifiers).
// An elevated token is the administrator half of UAC's split token, a logon session of its own with its own
// ticket cache
// (https://learn.microsoft.com/en-us/windows/security/application-security/application-control/user-account-control/how-it-works)
// The command: https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/whoami
import type { ToolFieldKind } from '../../contract/bundle';
import { ParseError } from '../errors';
import { toLines } from '../tickets/pasted-text';

export type Integrity = 'untrusted' | 'low' | 'medium' | 'medium-plus' | 'high' | 'system';
export type LogonKind = 'interactive' | 'remote-interactive' | 'service' | 'batch' | 'network';

export interface SessionToken {
  sids: string[];
  integrity: Integrity | null;
  /** Every logon-type group the token holds (normally one). */
  logon: LogonKind[];
}

const INTEGRITY: Record<string, Integrity> = {
  'S-1-16-0': 'untrusted',
  'S-1-16-4096': 'low',
  'S-1-16-8192': 'medium',
  'S-1-16-8448': 'medium-plus',
  'S-1-16-12288': 'high',
  'S-1-16-16384': 'system',
};
const LOGON: Record<string, LogonKind> = {
  'S-1-5-4': 'interactive',
  'S-1-5-14': 'remote-interactive',
  'S-1-5-6': 'service',
  'S-1-5-3': 'batch',
  'S-1-5-2': 'network',
};
const SID = /\bS-1-\d+(?:-\d+)+\b/gi;

export function parseWhoamiGroups(text: string): SessionToken {
  const sids = [
    ...new Set(
      toLines(text, 'WHOAMI')
        .flatMap((l) => l.match(SID) ?? [])
        .map((s) => s.toUpperCase()),
    ),
  ];
  if (sids.length === 0) throw new ParseError('WHOAMI_NOT_RECOGNISED', 'no SID in the whoami /groups output');
  const integrity = sids.map((s) => INTEGRITY[s]).find((x) => x !== undefined) ?? null;
  const logon = sids.map((s) => LOGON[s]).filter((x): x is LogonKind => x !== undefined);
  return { sids, integrity, logon };
}

/** Elevated: a high (or system) mandatory label. */
export const isElevated = (t: SessionToken): boolean => t.integrity === 'high' || t.integrity === 'system';
/**
 * The user's own desktop session: an INTERACTIVE (or remote interactive) logon, not a service, batch or network one.
 * null when the output shows no logon-type group at all (an excerpt people trimmed): unknown, never "not
 * interactive". A SYSTEM token is never the user's session.
 */
export function isInteractive(t: SessionToken): boolean | null {
  if (t.logon.length === 0) return t.integrity === 'system' ? false : null;
  return (
    (t.logon.includes('interactive') || t.logon.includes('remote-interactive')) &&
    !t.logon.includes('service') &&
    !t.logon.includes('batch')
  );
}

/**
 * What each column of `whoami /groups` holds, for redaction (engine/report/redact-tool-output.ts). A group whose
 * SID is the domain's or the tenant's (S-1-5-21-…, S-1-12-1-…) or the machine's is named by the organisation
 * (`NORTHWIND\\Finance Team Leads`, `LAPTOP-JSMITH42\\docker-users`): its name is a group name; a well-known
 * SID's group (Everyone, BUILTIN\\Users, NT AUTHORITY\\…, Mandatory Label\\…) is Windows' own and stays. Type and
 * Attributes are Windows' words. A line without a SID other than the table's title and heading is redacted.
 */
export const WHOAMI_GROUPS_FIELD_KINDS = {
  groupNameOfWellKnownSid: 'fixed',
  groupNameOfDomainSid: 'group',
  type: 'fixed',
  sid: 'fixed',
  attributes: 'fixed',
} as const satisfies Record<string, ToolFieldKind>;
/** SIDs that name no organisation: not a domain's, a tenant's or a machine's (S-1-5-21-…, S-1-12-1-…). */
export const isWellKnownSid = (sid: string): boolean => !/^S-1-(?:5-21|12-1)-/i.test(sid);
