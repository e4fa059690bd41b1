// The import rules of the whole tree (.dependency-cruiser.cjs, read by dependency-cruiser): process
// boundaries — the renderer runs no Node, no Electron and no engine code (contract types, plus the pure
// contract modules the config lists); the engine, the lab, the CLI and the contract never import Electron or
// the app's processes; the engine never imports the lab or the CLI; the utility process never imports main
// or the preload — and no import cycle between any two files, type-only imports included. Also: the
// engine's folders import each other one way only. `npm run structure` prints the graph these run on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruiseImports, cycles, folderGraph } from '../../build/structure';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const tree = cruiseImports(ROOT, ['electron', 'renderer', 'build', 'bin', 'test']);

test('no import crosses a boundary and no two files import each other (type-only imports included)', async () => {
  const { fileEdges, violations } = await tree;
  assert.ok(fileEdges.size > 400, `the whole tree was read (${fileEdges.size} files)`);
  assert.deepEqual(violations, []);
});

test("the engine's folders import each other one way only (no cycle between folders)", async () => {
  const engineEdges = [...(await tree).fileEdges]
    .filter(([from]) => /^electron\/engine\/[^/]+\//.test(from))
    .flatMap(([from, targets]) => [...targets].map((to): [string, string] => [from, to]))
    .filter(([, to]) => /^electron\/engine\/[^/]+\//.test(to));
  const graph = folderGraph(engineEdges, 3);
  assert.ok(graph.size > 5, 'the engine has folders that import each other');
  assert.deepEqual(cycles(new Map([...graph].map(([from, targets]) => [from, [...targets.keys()]]))), []);
});

test('the cycle finder sees a two-node cycle and a longer one, and nothing in a layered graph', () => {
  const graph = (pairs: [string, string][]): Map<string, string[]> => {
    const edges = new Map<string, string[]>();
    for (const [from, to] of pairs) edges.set(from, [...(edges.get(from) ?? []), to]);
    return edges;
  };
  assert.deepEqual(
    cycles(
      graph([
        ['net', 'kerberos'],
        ['kerberos', 'net'],
      ]),
    ),
    ['kerberos → net → kerberos'],
  );
  assert.deepEqual(
    cycles(
      graph([
        ['b', 'c'],
        ['c', 'a'],
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ),
    ['a → b → c → a'],
  );
  assert.deepEqual(
    cycles(
      graph([
        ['check', 'net'],
        ['check', 'kerberos'],
        ['kerberos', 'net'],
        ['net', 'krb-wire'],
        ['kerberos', 'krb-wire'],
      ]),
    ),
    [],
  );
});

/** A small tree with one breach of each rule (and the imports the rules allow), written to a temp folder. */
const BREACHES: Record<string, string> = {
  'node_modules/electron/package.json': '{"name":"electron","main":"index.js"}',
  'node_modules/electron/index.js': 'module.exports = {};',
  'node_modules/react/package.json': '{"name":"react","main":"index.js"}',
  'node_modules/react/index.js': 'module.exports = {};',
  'node_modules/left-pad/package.json': '{"name":"left-pad","main":"index.js"}',
  'node_modules/left-pad/index.js': 'module.exports = {};',
  // A loop of type-only imports is still a loop.
  'electron/contract/ipc.ts': "import type { Verbs } from './verbs';\nexport const IPC = 1;\nexport type Ipc = Verbs;",
  'electron/contract/verbs.ts': "import type { Ipc } from './ipc';\nexport type Verbs = Ipc;",
  // A pure contract module that runs zod-backed code.
  'electron/contract/format.ts': "import { IPC } from './ipc';\nexport const formatted = IPC;",
  'renderer/src/view.tsx': [
    "import { readFileSync } from 'node:fs';",
    "import React from 'react';",
    "import pad from 'left-pad';",
    "import { formatted } from '../../electron/contract/format';",
    "import { type Ipc } from '../../electron/contract/ipc';",
    "import { IPC } from '../../electron/contract/ipc';",
    "import { engine } from '../../electron/engine/run';",
    'export const view = [readFileSync, React, pad, formatted, IPC, engine] as unknown as Ipc;',
  ].join('\n'),
  // Types of any contract module are fine in the renderer, however the import spells them.
  'renderer/src/types-only.ts': [
    "import { type Ipc } from '../../electron/contract/ipc';",
    "import type { Verbs } from '../../electron/contract/verbs';",
    "export type { Ipc as Channels } from '../../electron/contract/ipc';",
    'export type Both = Ipc | Verbs;',
  ].join('\n'),
  'electron/engine/run.ts': "import 'electron';\nimport { lab } from '../lab/realm';\nexport const engine = lab;",
  'electron/lab/realm.ts': 'export const lab = 1;',
  'electron/main/window.ts': 'export const window = 1;',
  'electron/utility/host.ts': "import { window } from '../main/window';\nexport const host = window;",
  // A Windows rendition may not take the engine's flag table; it may throw the engine's error class.
  'electron/lab/windows/klist.ts': [
    "import { FLAGS } from '../../engine/tickets/flags';",
    "import { KerbProbeError } from '../../engine/errors';",
    'export const klist = [FLAGS, KerbProbeError];',
  ].join('\n'),
  'electron/engine/tickets/flags.ts': 'export const FLAGS = 1;',
  'electron/engine/errors.ts': 'export class KerbProbeError extends Error {}',
};

test('each rule refuses what it is for, and lets through what it allows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-boundaries-'));
  try {
    for (const [path, text] of Object.entries(BREACHES)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const { violations } = await cruiseImports(dir, ['electron', 'renderer']);
    assert.deepEqual(violations, [
      'engine-not-lab-or-cli: electron/engine/run.ts → electron/lab/realm.ts',
      'no-cycle: electron/contract/ipc.ts → electron/contract/verbs.ts → electron/contract/ipc.ts',
      'no-electron-below-the-app: electron/engine/run.ts → node_modules/electron/index.js',
      'renderer-contract-only: renderer/src/view.tsx → electron/engine/run.ts',
      'renderer-contract-types: renderer/src/view.tsx → electron/contract/ipc.ts',
      'renderer-no-node-or-electron: renderer/src/view.tsx → fs',
      'renderer-packages: renderer/src/view.tsx → node_modules/left-pad/index.js',
      'renderer-runtime-contract-pure: electron/contract/format.ts → electron/contract/ipc.ts',
      'utility-not-main-or-preload: electron/utility/host.ts → electron/main/window.ts',
      'windows-renditions-not-engine-readings: electron/lab/windows/klist.ts → electron/engine/tickets/flags.ts',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
