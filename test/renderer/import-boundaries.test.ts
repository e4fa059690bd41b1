// Process boundaries you can see in the tree: the renderer imports no Node, no Electron and no engine
// runtime code (types from the contract only, plus the pure electron/contract/azure and limits modules); the engine, lab and CLI never import Electron.
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

interface Import { file: string; spec: string; typeOnly: boolean }

/** Static imports, re-exports, dynamic imports and require calls, with whether they are type-only. */
export function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const stmt = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^;'"]*?\bfrom\s+)?['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(stmt)) {
    const clause = m[3] ?? '';
    const allTypeNamed = /^\{([^}]*)\}\s*from\s+$/.exec(clause.trim() + ' ')
      ? (/\{([^}]*)\}/.exec(clause)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))
      : false;
    out.push({ file, spec: m[4] ?? '', typeOnly: Boolean(m[2]) || allTypeNamed });
  }
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ file, spec: m[1] ?? '', typeOnly: false });
  return out;
}

const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const RENDERER_PACKAGES = [/^react(\/|$)/, /^react-dom(\/|$)/, /^@fluentui\//];

test('the import scanner sees the forms that matter', () => {
  const found = importsOf('x.ts', "import a from 'fs';\nimport type { B } from '../b';\nimport { type C, type D } from './c';\nexport * from 'e';\nconst f = await import('electron');\nrequire('os');");
  assert.deepEqual(found.map((i) => `${i.spec}:${i.typeOnly}`), ['fs:false', '../b:true', './c:true', 'e:false', 'electron:false', 'os:false']);
});

test('the renderer imports only React, Fluent UI, its own files and contract types', () => {
  const bad: string[] = [];
  const files = sources('renderer/src');
  assert.ok(files.length > 5);
  for (const file of files) {
    for (const i of importsOf(file, readFileSync(join(ROOT, file), 'utf8'))) {
      if (NODE.has(i.spec) || i.spec === 'electron') { bad.push(`${file}: ${i.spec}`); continue; }
      if (i.spec.startsWith('.')) {
        const target = relative(ROOT, join(ROOT, file, '..', i.spec));
        if (target.startsWith('renderer/')) continue;
        if (target.startsWith('electron/contract/') && i.typeOnly) continue;
        // The one contract module the renderer runs: pure Azure constants and a host check, no Node imports.
        if (target === 'electron/contract/azure' || target === 'electron/contract/limits') continue;
        bad.push(`${file}: ${i.spec}${i.typeOnly ? '' : ' (not type-only)'}`);
        continue;
      }
      if (!RENDERER_PACKAGES.some((r) => r.test(i.spec))) bad.push(`${file}: ${i.spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the engine, the lab and the CLI never import electron', () => {
  const bad: string[] = [];
  for (const dir of ['electron/engine', 'electron/lab', 'electron/cli', 'electron/contract']) {
    for (const file of sources(dir)) {
      for (const i of importsOf(file, readFileSync(join(ROOT, file), 'utf8'))) {
        if (i.spec === 'electron' || i.spec.startsWith('electron/')) bad.push(`${file}: ${i.spec}`);
        const target = i.spec.startsWith('.') ? relative(ROOT, join(ROOT, file, '..', i.spec)) : '';
        if (/^electron\/(main|preload)\//.test(target)) bad.push(`${file}: ${i.spec}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});
