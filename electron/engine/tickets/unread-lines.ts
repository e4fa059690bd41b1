// Lines of a recognised Windows output that could not be read (a layout variant, another build's format):
// kept by number so that a result never silently reads "not shown" when the text did say something.
// The text kept is bounded and stripped of control characters; callers sanitize it again before showing it.

export interface UnreadLine {
  /** 1-based line number in the text as given. */
  line: number;
  text: string;
}

/** At most this many unread lines are kept per parse (the count beyond it is not needed to say so). */
export const MAX_UNREAD_LINES = 50;
const MAX_UNREAD_CHARS = 120;

export function pushUnread(into: UnreadLine[], index: number, raw: string): void {
  if (into.length >= MAX_UNREAD_LINES) return;
  let text = raw
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > MAX_UNREAD_CHARS) text = `${text.slice(0, MAX_UNREAD_CHARS - 1)}…`;
  into.push({ line: index + 1, text });
}

/**
 * One sentence for people: `recognised as dsregcmd /status, but 2 lines could not be read: line 7 "…"; …`.
 * `clean` makes each line's text safe to show (the caller's sanitizer); at most `shown` lines are quoted.
 */
export function describeUnread(
  what: string,
  unread: readonly UnreadLine[],
  clean: (text: string) => string,
  shown = 5,
): string | null {
  if (unread.length === 0) return null;
  const lineCount =
    unread.length >= MAX_UNREAD_LINES
      ? `${MAX_UNREAD_LINES} or more lines`
      : unread.length === 1
        ? '1 line'
        : `${unread.length} lines`;
  const quoted = unread
    .slice(0, shown)
    .map((u) => `line ${u.line} "${clean(u.text)}"`)
    .join('; ');
  const more = unread.length > shown ? `; and ${unread.length - shown} more` : '';
  return `recognised as ${what}, but ${lineCount} could not be read: ${quoted}${more}`;
}
