// Long paragraphs on a terminal: wrapped at word boundaries under their label, never cut inside a word; whole
// lines off a terminal. The texts are the catalogue's own long paragraphs (every code's cause and fixes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hangingParagraph } from '../../electron/cli/hanging-paragraph';
import { CATALOG } from '../../electron/engine/diagnose/catalog';

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);
const paragraphs = Object.values(CATALOG).flatMap((entry) => [entry.cause, entry.fixUser, entry.fixHelpdesk]);

for (const columns of [60, 80, 120]) {
  test(`every catalogue paragraph at ${columns} columns: within the width, words whole, indented under the text`, () => {
    const label = 'Helpdesk:  ';
    for (const text of paragraphs) {
      const lines = hangingParagraph(label, text, columns);
      assert.ok(lines[0]!.startsWith(label), lines[0]);
      for (const line of lines.slice(1))
        assert.ok(line.startsWith(' '.repeat(label.length)) && line[label.length] !== ' ');
      // Within the width unless one word alone is wider than the room (then it stands whole on its own line).
      for (const line of lines) {
        const body = line.slice(label.length);
        assert.ok(line.length <= columns - 1 || words(body).length === 1, `${line.length} > ${columns}: ${line}`);
      }
      // The same words in the same order: nothing cut inside a word ("ob / ject"), nothing lost.
      assert.deepEqual(words(lines.map((line) => line.slice(label.length)).join(' ')), words(text));
    }
  });
}

test('the example the issue gives: a 120-column terminal no longer cuts "object" or "new"', () => {
  const text =
    'The Kerberos server object in the on-premises directory holds a key that no longer matches the one Microsoft ' +
    'Entra ID holds: rotate the new key on both sides.';
  const lines = hangingParagraph('Why:       ', text, 120);
  assert.equal(lines.length, 2);
  assert.ok(lines.every((line) => line.length < 120));
  assert.ok(
    lines.some((line) => / object /.test(line)) && lines.some((line) => /\bnew\b/.test(line)),
    lines.join('\n'),
  );
});

test('off a terminal, or one too narrow to help, the paragraph stays one line', () => {
  const text = paragraphs[0]!;
  assert.deepEqual(hangingParagraph('Why: ', text), [`Why: ${text}`]);
  assert.deepEqual(hangingParagraph('Why: ', text, 22), [`Why: ${text}`]);
});

test('a word wider than the line (a URL) stands whole on its own line', () => {
  const url = `https://learn.microsoft.com/${'x'.repeat(90)}`;
  const lines = hangingParagraph('  - ', `see ${url} for the steps`, 60);
  assert.ok(lines.includes(`    ${url}`), lines.join('\n'));
});

test('a hidden character counts at the width of the marker it is shown as', () => {
  const lines = hangingParagraph('Why: ', `${'word '.repeat(20)}\u001b[2J end`, 40);
  assert.ok(
    lines.every((line) => line.length <= 39),
    lines.join('\n'),
  );
  assert.ok(lines.join(' ').includes('\\u{1b}[2J'));
});
