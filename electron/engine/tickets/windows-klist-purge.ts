// `klist purge`: "Deleting all tickets:" then "Ticket(s) purged!", both indented under the logon id line. The two
// lines are translated (fr "Suppression de tous les tickets :" / "ticket(s) supprimé(s) !", de "Alle Tickets werden
// gelöscht:" / "Ticket(s) gelöscht."; real pastes in test/fixtures/real/klist/), so the output is recognised by its
// shape: a logon id line, an indented line ending in a colon, an indented line ending in "!" or ".". Microsoft's
// klist page: "purge - Allows you to delete all the tickets of the specified logon session."
// https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/klist
import { ParseError } from '../errors';
import { toLines } from './pasted-text';

export interface KlistPurge {
  logonId: string | null;
  purged: boolean;
  /** The two lines Windows printed (in its language), trimmed. */
  said: string[];
}

const LOGON_ID = /(?:^|\s)(\d+:0x[0-9a-f]+|0x[0-9a-f]+:0x[0-9a-f]+)\s*$/i;
const ANNOUNCE = /^\s+\S.*:$/;
const RESULT = /^\s+\S.*[!.]$/;

/** The index of the logon id line a purge's two lines follow, or -1. */
function purgeStart(lines: readonly string[]): number {
  for (let index = 0; index < lines.length; index++) {
    if (!LOGON_ID.test(lines[index] ?? '')) continue;
    const next = lines.slice(index + 1).filter((l) => l.trim() !== '');
    if (next.length >= 2 && ANNOUNCE.test(next[0] ?? '') && RESULT.test(next[1] ?? '')) return index;
  }
  return -1;
}

/** True when the text is a `klist purge` output (any language), and holds no ticket list or failure. */
export function looksLikeKlistPurge(text: string): boolean {
  const lines = toLines(text.slice(0, 64 * 1024), 'KLIST');
  if (lines.some((l) => /^\s*#\d+>/.test(l) || /\bklist\b.*\b0x[0-9a-f]{1,8}\/-?\d+/i.test(l))) return false;
  // Undo a paste's indentation of the whole block (markdown, a tab) by comparing against the logon line's.
  const start = purgeStart(lines.map((l) => l.replace(/^\s+(?=\S.*0x[0-9a-f]+\s*$)/i, '')));
  return start >= 0;
}

export function parseKlistPurge(text: string): KlistPurge {
  const lines = toLines(text, 'KLIST').map((l) => l.replace(/^\s+(?=\S.*0x[0-9a-f]+\s*$)/i, ''));
  const start = purgeStart(lines);
  if (start < 0) throw new ParseError('KLIST_NOT_RECOGNISED', 'no logon id line followed by the two purge lines');
  const said = lines
    .slice(start + 1)
    .filter((l) => l.trim() !== '')
    .slice(0, 2)
    .map((l) => l.trim());
  return { logonId: LOGON_ID.exec(lines[start] ?? '')?.[1] ?? null, purged: true, said };
}
