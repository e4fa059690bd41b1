// Readings shared by the sources that carry a Windows status number or a message text: numbers first (the
// same in every Windows language), then MIT texts, then English Windows/SQL texts, said so.
import { CLOUD_REALM } from '../../contract/azure';
import { unrecognised, type Reading } from './evidence-source';
import { hexTokens, matchText, type TextContext } from './text-patterns';
import {
  formatStatus,
  lookupWindowsStatus,
  parseStatus,
  resolveStatusCode,
  type StatusContext,
} from './windows-status';

/** Whether a realm is the Entra realm; null when no realm is known. */
export const isCloud = (realm: string | undefined): boolean | null =>
  realm ? realm.toUpperCase() === CLOUD_REALM : null;

/** A status number (or its hex text) as Windows documents it, or null when it is not one we know. */
export function fromStatus(line: string, raw: string | number, ctx: StatusContext): Reading | null {
  const status = parseStatus(raw);
  if (status === null) return null;
  const entry = lookupWindowsStatus(status);
  if (!entry) return null;
  const note = entry.note?.(ctx);
  return {
    code: resolveStatusCode(entry, ctx),
    role: 'failure',
    line: `${line} — ${formatStatus(status)} = ${entry.name}: ${entry.meaning}${note ? ` (${note})` : ''}`,
  };
}

/** Statuses found inside a text (Windows prints them untranslated); the first known one is used. */
export function fromEmbeddedStatus(line: string, text: string, ctx: StatusContext): Reading | null {
  for (const token of hexTokens(text)) {
    const reading = fromStatus(line, token, ctx);
    if (reading) return reading;
  }
  return null;
}

/** A known message text; English Windows and SQL texts are said to be matched in English. */
export function fromText(line: string, text: string, ctx: TextContext): Reading | null {
  const match = matchText(text, ctx);
  if (!match) return null;
  const localized =
    match.family === 'windows' || match.family === 'sql'
      ? ' (matched on English text; Windows and SQL Server texts are localized, so another language would not match)'
      : '';
  return { code: match.code, role: 'failure', line: `${line}${match.note ? ` — ${match.note}` : ''}${localized}` };
}

/** A text read for any status in it, then for a known message. */
export const fromAnyText = (line: string, text: string): Reading | null =>
  fromEmbeddedStatus(line, text, { cloud: null }) ?? fromText(line, text, {});

/** Where a `klist get` target points: the Entra realm, the user's own realm, or unknown. */
export function targetIsCloud(target: string | undefined, userRealm: string | undefined): boolean | null {
  if (!target) return null;
  const upper = target.toUpperCase();
  if (upper.includes(CLOUD_REALM) || /\.DATABASE\.(WINDOWS\.NET|CHINACLOUDAPI\.CN|USGOVCLOUDAPI\.NET)\b/.test(upper))
    return true;
  if (userRealm && upper.includes(userRealm.toUpperCase())) return false;
  return null;
}

/** A status a `klist get` printed (substatus or NTSTATUS), read with where its target points. */
export function readKlistStatus(line: string, e: { hex: string; target?: string; userRealm?: string }): Reading {
  const ctx = { cloud: targetIsCloud(e.target, e.userRealm), referral: /^krbtgt\//i.test(e.target ?? '') };
  return fromStatus(line, e.hex, ctx) ?? unrecognised(line);
}
