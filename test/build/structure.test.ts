// The measures `npm run structure` prints, each on a small text whose answer is counted by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { folderGraph, folderOf, functionLengths, knots, longLines, shortNames } from '../../build/structure';

test('a function is measured from its first line to its last, and named where it is declared', () => {
  const text = [
    'export function outer(a: number) {', // 1
    '  const inner = (b: number) => {', // 2
    '    return b;', // 3
    '  };', // 4
    '  return inner(a);', // 5
    '}', // 6
    'class Store {', // 7
    '  load() { return 1; }', // 8
    '}', // 9
    "test('reads a ticket', () => {", // 10
    '  outer(1);', // 11
    '});', // 12
  ].join('\n');
  assert.deepEqual(
    functionLengths('x.ts', text).map((fn) => `${fn.name}@${fn.line}:${fn.lines}`),
    ['outer@1:6', 'inner@2:3', 'Store.load@8:1', "test('reads a ticket') callback@10:3"],
  );
});

test('a line counts as long past 120 characters, counted in characters, not bytes; a URL may be longer', () => {
  const url = `// https://learn.microsoft.com/${'x'.repeat(100)}`;
  const text = ['a'.repeat(120), 'b'.repeat(121), 'é'.repeat(120), '—'.repeat(121), url].join('\n');
  assert.deepEqual(
    longLines('y.ts', text).map((line) => `${line.line}:${line.length}`),
    ['2:121', '4:121'],
  );
});

test('files count under their folder cut at a depth, and imports inside one folder are left out', () => {
  assert.equal(folderOf('electron/engine/check/hops/sql.ts', 3), 'electron/engine/check');
  assert.equal(folderOf('electron/main/main.ts', 3), 'electron/main');
  const graph = folderGraph(
    [
      ['electron/engine/check/hops/sql.ts', 'electron/engine/check/hop.ts'],
      ['electron/engine/check/run-check.ts', 'electron/contract/report.ts'],
      ['electron/engine/check/hops/kdcs.ts', 'electron/contract/report.ts'],
    ],
    3,
  );
  assert.deepEqual(
    [...graph].map(([from, targets]) => [from, [...targets]]),
    [['electron/engine/check', [['electron/contract', 2]]]],
  );
});

test('cycles that share a file are one knot', () => {
  assert.equal(knots(['a → b → a', 'b → c → b', 'x → y → x']), 2);
  assert.equal(knots([]), 0);
});

test('a one-letter name counts in a function over 15 lines, not in a short callback inside it', () => {
  const body = Array.from({ length: 14 }, (_, index) => `  const line${index} = ${index};`);
  const text = [
    'function long(a: number, _: number) {', // 1: `a` counts, `_` never does
    ...body, // 2–15
    '  const xs = [1].map((x) => x + a);', // 16: `x` belongs to the one-line arrow
    '  for (const i of xs) void i;', // 17: `i` counts
    '}', // 18
    'function short(b: number) {', // `b`: a short function
    '  return b;',
    '}',
  ].join('\n');
  assert.deepEqual(
    shortNames('z.ts', text).map((found) => `${found.name}@${found.line} in ${found.in} (${found.lines})`),
    ['a@1 in long (18)', 'i@17 in long (18)'],
  );
});
