// The one neutraliser for text that came from outside (a peer, a file, an argument) on its way to a person:
// the terminal, a Markdown or HTML report, the app's page. Pure and import-free, so the renderer runs it too.
//
// Controls (C0 but tab and newline, DEL, C1 — ESC, CSI 0x9b, BEL…), bidi controls (U+202A–U+202E,
// U+2066–U+2069, U+200E/U+200F, U+061C), other invisible format characters (zero widths, word joiner,
// soft hyphen, BOM, tags, Hangul fillers…), line/paragraph separators and lone surrogates are each
// replaced by a visible marker `\u{…}` naming the code point: nothing is executed or reordered, and a
// technician sees that something was there. Everything else is kept as it is.

// \p{Cc}: C0, DEL, C1. \p{Cf}: format characters (bidi, zero widths, soft hyphen, BOM, tags…). \p{Cs}: a
// lone surrogate. \p{Zl}\p{Zp}: U+2028/U+2029. The rest are invisible letters and marks that render as
// blanks (combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian selectors).
const HIDDEN = /(?![\t\n])[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0]/gu;

/** The marker that stands for one neutralised code point. */
export function hiddenMarker(codePoint: number): string {
  return `\\u{${codePoint.toString(16)}}`;
}

/** `s` with every control, bidi or invisible format character replaced by its visible marker. */
export function displayText(s: string): string {
  return s.replace(HIDDEN, (c) => hiddenMarker(c.codePointAt(0) ?? 0));
}

// In JSON text these characters can only stand inside strings; `\uXXXX` keeps each value exact.
const JSON_UNSAFE = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;
const u4 = (n: number): string => `\\u${n.toString(16).padStart(4, '0')}`;

/**
 * JSON text (from JSON.stringify, which escapes C0 and lone surrogates already) with DEL, C1, bidi and format
 * characters written as `\uXXXX` escapes: the parsed values are identical, and a terminal or an editor
 * showing the text neither obeys nor reorders them.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(JSON_UNSAFE, (c) =>
    [...c]
      .flatMap((ch) => {
        const cp = ch.codePointAt(0) ?? 0;
        if (cp <= 0xffff) return [u4(cp)];
        const v = cp - 0x10000;
        return [u4(0xd800 + (v >> 10)), u4(0xdc00 + (v & 0x3ff))];
      })
      .join(''),
  );
}
