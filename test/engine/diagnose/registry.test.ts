// The evidence registry against the contract: every diagnosis code the contract names (what crosses to the
// renderer) has exactly one catalogue entry, held by exactly one evidence source; no source catalogues a code
// the contract does not have; every code has its place in the root-cause order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIAGNOSIS_CODES, DIAGNOSIS_HOP } from '../../../electron/contract/codes';
import { CATALOG } from '../../../electron/engine/diagnose/catalog';
import { CATALOG_BY_SOURCE, EVIDENCE_SOURCES } from '../../../electron/engine/diagnose/registry';
import { ROOT_CAUSE_ORDER } from '../../../electron/engine/diagnose/rules';

test('every contract code has one catalogue entry, in one evidence source, and nothing else is catalogued', () => {
  const holders = new Map<string, string[]>();
  for (const [kind, entries] of CATALOG_BY_SOURCE)
    for (const code of Object.keys(entries)) holders.set(code, [...(holders.get(code) ?? []), kind]);
  const many = [...holders].filter(([, kinds]) => kinds.length > 1);
  assert.deepEqual(many, [], 'a code catalogued by more than one source');
  assert.deepEqual([...holders.keys()].sort(), [...DIAGNOSIS_CODES].sort());
  assert.deepEqual(Object.keys(CATALOG).sort(), [...DIAGNOSIS_CODES].sort());
  assert.deepEqual(Object.keys(DIAGNOSIS_HOP).sort(), [...DIAGNOSIS_CODES].sort());
});

test('one source per kind of evidence', () => {
  const kinds = EVIDENCE_SOURCES.map((s) => s.kind);
  assert.equal(new Set(kinds).size, kinds.length, kinds.join(', '));
  assert.equal(CATALOG_BY_SOURCE.size, kinds.length);
});

test('the root-cause order ranks every code exactly once', () => {
  assert.equal(new Set(ROOT_CAUSE_ORDER).size, ROOT_CAUSE_ORDER.length);
  assert.deepEqual([...ROOT_CAUSE_ORDER].sort(), [...DIAGNOSIS_CODES].sort());
});
