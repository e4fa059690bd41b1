// A labelled paragraph for a person reading a terminal: `Why:       the text…` with the text wrapped at word
// boundaries to the terminal's width and every further line indented under the text, not under the label.
// Off a terminal (a file, a pipe) the paragraph stays one line, so what scripts and tests grep is unchanged.
import wrapAnsi from 'wrap-ansi';
import { displayText } from '../contract/display-text';

/** Narrower than this and wrapping does more harm than good: the paragraph is left whole. */
const MIN_TEXT_WIDTH = 20;

/**
 * `label` + `text` as the lines a terminal `columns` wide shows without cutting a word (a word longer than a
 * line — a URL, an SPN — stays whole on its own line). Without `columns` (not a terminal), one line.
 * The text is neutralised first (displayText is idempotent), so a marker for a hidden character counts
 * at the width it is shown. `indent` starts every further line (by default, as wide as the label).
 */
export function hangingParagraph(
  label: string,
  text: string,
  columns?: number,
  indent: string = ' '.repeat(label.length),
): string[] {
  const shown = displayText(text);
  // One column is kept free: a line exactly as wide as the terminal makes some terminals wrap early.
  const width = columns === undefined ? Infinity : columns - 1 - Math.max(label.length, indent.length);
  if (!Number.isFinite(width) || width < MIN_TEXT_WIDTH) return [label + shown];
  return wrapAnsi(shown, width, { hard: false, trim: true, wordWrap: true })
    .split('\n')
    .map((line, index) => (index === 0 ? label : indent) + line);
}
