// Catalogue text marks commands, paths and names in backticks; every output shows them as code (HTML
// <code>, Markdown code spans, the app's code with a copy button). Pure (no imports): the renderer runs it.

/** Splits catalogue text into plain and `code` segments (backtick pairs); an unpaired backtick stays text. */
export function splitCode(text: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  const parts = text.split('`');
  const paired =
    parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts.at(-2) ?? ''}\`${parts.at(-1) ?? ''}`];
  paired.forEach((p, i) => {
    if (p) out.push({ code: i % 2 === 1, text: p });
  });
  return out;
}
