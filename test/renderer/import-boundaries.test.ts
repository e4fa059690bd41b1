// Process boundaries you can see in the tree: the renderer imports no Node, no Electron and no engine
// runtime code (types from the contract only, plus the pure contract modules listed in RENDERER_RUNTIME_CONTRACT); the engine, lab and CLI never import Electron;
// the engine never imports the lab or the CLI; the utility process never imports main or the preload; and
// the engine's own folders depend on each other one way only (no cycle between folders).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir))) {
    const p = join(dir, name);
    if (statSync(join(ROOT, p)).isDirectory()) sources(p, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

interface Import {
  file: string;
  spec: string;
  typeOnly: boolean;
}

/** Static imports, re-exports, dynamic imports and require calls, with whether they are type-only. */
export function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const stmt = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^;'"]*?\bfrom\s+)?['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(stmt)) {
    const clause = m[3] ?? '';
    const allTypeNamed = /^\{([^}]*)\}\s*from\s+$/.exec(clause.trim() + ' ')
      ? (/\{([^}]*)\}/.exec(clause)?.[1] ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((s) => s.startsWith('type '))
      : false;
    out.push({ file, spec: m[4] ?? '', typeOnly: Boolean(m[2]) || allTypeNamed });
  }
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g))
    out.push({ file, spec: m[1] ?? '', typeOnly: false });
  return out;
}

const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
/** Contract modules the renderer may run, not only read types from: each must import nothing at run time. */
const RENDERER_RUNTIME_CONTRACT = [
  'electron/contract/azure',
  'electron/contract/limits',
  'electron/contract/format',
  'electron/contract/display-text',
  'electron/contract/codes',
  'electron/contract/chain-flow',
  'electron/contract/code-spans',
  'electron/contract/error-codes',
  'electron/contract/server-input',
  'electron/contract/fleet-keys',
];
const RENDERER_PACKAGES = [/^react(\/|$)/, /^react-dom(\/|$)/, /^@fluentui\//];

test('the import scanner sees the forms that matter', () => {
  const found = importsOf(
    'x.ts',
    "import a from 'fs';\nimport type { B } from '../b';\nimport { type C, type D } from './c';\nexport * from 'e';\nconst f = await import('electron');\nrequire('os');",
  );
  assert.deepEqual(
    found.map((i) => `${i.spec}:${i.typeOnly}`),
    ['fs:false', '../b:true', './c:true', 'e:false', 'electron:false', 'os:false'],
  );
});

test('the renderer imports only React, Fluent UI, its own files and contract types', () => {
  const bad: string[] = [];
  const files = sources('renderer/src');
  assert.ok(files.length > 5);
  for (const file of files) {
    for (const i of importsOf(file, readFileSync(join(ROOT, file), 'utf8'))) {
      if (NODE.has(i.spec) || i.spec === 'electron') {
        bad.push(`${file}: ${i.spec}`);
        continue;
      }
      if (i.spec.startsWith('.')) {
        const target = relative(ROOT, join(ROOT, file, '..', i.spec));
        if (target.startsWith('renderer/')) continue;
        if (target.startsWith('electron/contract/') && i.typeOnly) continue;
        // The contract modules the renderer runs: pure constants and functions (checked below to import nothing).
        if (RENDERER_RUNTIME_CONTRACT.includes(target)) continue;
        bad.push(`${file}: ${i.spec}${i.typeOnly ? '' : ' (not type-only)'}`);
        continue;
      }
      if (!RENDERER_PACKAGES.some((r) => r.test(i.spec))) bad.push(`${file}: ${i.spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the contract modules the renderer runs import nothing at run time but each other', () => {
  for (const mod of RENDERER_RUNTIME_CONTRACT) {
    const file = `${mod}.ts`;
    const runtime = importsOf(file, readFileSync(join(ROOT, file), 'utf8'))
      .filter((i) => !i.typeOnly)
      .filter(
        (i) =>
          !(
            i.spec.startsWith('.') && RENDERER_RUNTIME_CONTRACT.includes(relative(ROOT, join(ROOT, file, '..', i.spec)))
          ),
      );
    assert.deepEqual(runtime, [], `${file} must stay pure`);
  }
});

test('the engine, the lab and the CLI never import electron', () => {
  const bad: string[] = [];
  for (const dir of ['electron/engine', 'electron/lab', 'electron/cli', 'electron/contract']) {
    for (const file of sources(dir)) {
      for (const i of importsOf(file, readFileSync(join(ROOT, file), 'utf8'))) {
        if (i.spec === 'electron' || i.spec.startsWith('electron/')) bad.push(`${file}: ${i.spec}`);
        const target = i.spec.startsWith('.') ? relative(ROOT, join(ROOT, file, '..', i.spec)) : '';
        if (/^electron\/(main|preload|utility)\//.test(target)) bad.push(`${file}: ${i.spec}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

/** Relative imports of the files under `dir`, resolved to paths from the repository root. */
function localImports(dir: string): { file: string; spec: string; target: string }[] {
  return sources(dir).flatMap((file) =>
    importsOf(file, readFileSync(join(ROOT, file), 'utf8'))
      .filter((i) => i.spec.startsWith('.'))
      .map((i) => ({ file, spec: i.spec, target: relative(ROOT, join(ROOT, file, '..', i.spec)) })),
  );
}

test('the engine never imports the lab or the CLI', () => {
  const bad = localImports('electron/engine').filter((i) => /^electron\/(lab|cli)(\/|$)/.test(i.target));
  assert.deepEqual(
    bad.map((i) => `${i.file}: ${i.spec}`),
    [],
  );
});

test('the utility process never imports main or the preload', () => {
  const bad: string[] = [];
  for (const file of sources('electron/utility')) {
    for (const i of importsOf(file, readFileSync(join(ROOT, file), 'utf8'))) {
      if (i.spec === 'electron' || i.spec.startsWith('electron/')) bad.push(`${file}: ${i.spec}`);
      const target = i.spec.startsWith('.') ? relative(ROOT, join(ROOT, file, '..', i.spec)) : '';
      if (/^electron\/(main|preload)\//.test(target)) bad.push(`${file}: ${i.spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

/** Cycles in a graph of folder → folders it imports (each cycle once, as a → b → … → a). */
export function folderCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const cycles = new Set<string>();
  const walk = (start: string, node: string, path: string[]): void => {
    for (const next of edges.get(node) ?? []) {
      if (next === start) {
        const min = path.indexOf([...path].sort()[0] ?? '');
        cycles.add([...path.slice(min), ...path.slice(0, min), path[min]].join(' → '));
      } else if (!path.includes(next) && next > start) walk(start, next, [...path, next]);
    }
  };
  for (const start of [...edges.keys()].sort()) walk(start, start, [start]);
  return [...cycles].sort();
}

test('the cycle finder sees a two-folder cycle and a longer one, and nothing in a layered graph', () => {
  const g = (pairs: [string, string][]) => {
    const m = new Map<string, Set<string>>();
    for (const [a, b] of pairs) m.set(a, (m.get(a) ?? new Set()).add(b));
    return m;
  };
  assert.deepEqual(
    folderCycles(
      g([
        ['kerberos', 'net'],
        ['net', 'kerberos'],
      ]),
    ),
    ['kerberos → net → kerberos'],
  );
  assert.deepEqual(
    folderCycles(
      g([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
      ]),
    ),
    ['a → b → c → a'],
  );
  assert.deepEqual(
    folderCycles(
      g([
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

test("the engine's folders import each other one way only (no cycle between folders)", () => {
  const folderOf = (path: string): string | null => /^electron\/engine\/([^/]+)\//.exec(path)?.[1] ?? null;
  const edges = new Map<string, Set<string>>();
  for (const i of localImports('electron/engine')) {
    const from = folderOf(i.file);
    const to = folderOf(i.target);
    if (!from || !to || from === to) continue; // files at the engine's root (errors, version, run-tool) are below every folder
    edges.set(from, (edges.get(from) ?? new Set()).add(to));
  }
  assert.ok(edges.size > 5, 'the engine has folders that import each other');
  assert.deepEqual(folderCycles(edges), []);
});
