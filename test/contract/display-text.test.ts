import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayText, terminalSafeJson } from '../../electron/contract/display-text';

test('controls, bidi and invisible format characters become visible markers; the rest is kept', () => {
  assert.equal(displayText('a\x1b[31mb\x07c\u009bd'), 'a\\u{1b}[31mb\\u{7}c\\u{9b}d');
  assert.equal(
    displayText('x\u202egnp.exe\u2066\u2069\u200e\u200f\u061c'),
    'x\\u{202e}gnp.exe\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{61c}',
  );
  assert.equal(
    displayText('zero\u200bwidth\u2060\ufeff\u00ad\u{e0041}\u3164\r'),
    'zero\\u{200b}width\\u{2060}\\u{feff}\\u{ad}\\u{e0041}\\u{3164}\\u{d}',
  );
  assert.equal(displayText('line\u2028sep \ud800 lone'), 'line\\u{2028}sep \\u{d800} lone');
  const plain = 'Tab\tand newline\nstay; Ünïcödé, 日本語, العربية, → ✔ … ok';
  assert.equal(displayText(plain), plain);
  assert.equal(displayText(plain), plain, 'plain text is kept as it is');
});

test('terminalSafeJson: the parsed values are identical, no raw C1, bidi or format character remains', () => {
  const value = { s: 'a\x1b[2J\u009b31m\u202e\u2066x\u{e0041}\u2028\u00ad', n: 1 };
  const json = terminalSafeJson(JSON.stringify(value, null, 2));
  assert.deepEqual(JSON.parse(json), value);
  assert.doesNotMatch(json, /[\x00-\x09\x0b-\x1f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u00ad]/u);
  assert.doesNotMatch(json, /[\u{e0000}-\u{e007f}]/u);
});
