import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PINNED_VERSIONS, TOOL_VERSION } from '../../electron/engine/version';

const json = (path: string) =>
  JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, unknown>;

test('TOOL_VERSION matches package.json', () => {
  assert.equal(TOOL_VERSION, json('../../package.json').version);
});

test('the pinned versions are package.json exact pins and the installed packages', () => {
  const deps = json('../../package.json').dependencies as Record<string, string>;
  for (const [name, version] of Object.entries(PINNED_VERSIONS)) {
    assert.equal(deps[name], version, `package.json pins ${name} exactly`);
    assert.equal(json(`../../node_modules/${name}/package.json`).version, version, `node_modules has ${name}`);
  }
});
