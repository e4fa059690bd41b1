// What the CLI's commands write for people: plain strings, and KerbProbe's own colours carried beside the
// text, never inside it. `toTerminal` is the one place human output becomes bytes: every string is passed
// through displayText (an escape sequence from a server, a file or an argument is shown as a marker, never
// obeyed), and only then are KerbProbe's colours added — so text from outside cannot colour itself, clear
// the screen or retitle the window, on a TTY or in a file.
import { displayText } from '../contract/display-text';

export type Style = 'green' | 'red' | 'yellow' | 'dim' | 'bold';

export interface Painted {
  readonly style: Style;
  readonly text: TermText;
}

/** KerbProbe's own cursor control: back to the start of the `lines` lines just written, clearing them. */
export interface Rewind {
  readonly rewind: number;
}

export type TermText = string | Painted | Rewind | readonly TermText[];

const SGR: Record<Style, number> = { green: 32, red: 31, yellow: 33, dim: 2, bold: 1 };

export function paint(style: Style, text: TermText): Painted {
  return { style, text };
}

/** The bytes for a terminal (colour on) or a file/pipe (colour off); text neutralised either way. */
export function toTerminal(t: TermText, color: boolean): string {
  if (typeof t === 'string') return displayText(t);
  if (Array.isArray(t)) return (t as readonly TermText[]).map((x) => toTerminal(x, color)).join('');
  // CSI n F (cursor to the start of the line n up), CSI J (clear to the end of the screen): written only here,
  // by KerbProbe, for its live list on a terminal; text from outside can never produce it.
  if ('rewind' in (t as Rewind)) {
    const n = (t as Rewind).rewind;
    return n > 0 ? `\x1b[${n}F\x1b[J` : '';
  }
  const p = t as Painted;
  const inner = toTerminal(p.text, color);
  return color ? `\x1b[${SGR[p.style]}m${inner}\x1b[0m` : inner;
}

export function rewind(lines: number): Rewind {
  return { rewind: lines };
}

/** The visible length of a text (its plain characters), for aligning columns. */
export function plainText(t: TermText): string {
  return toTerminal(t, false);
}

/** Lines joined with newlines. */
export function lines(ls: readonly TermText[]): TermText[] {
  return ls.flatMap((l, i) => (i === 0 ? [l] : ['\n', l]));
}
