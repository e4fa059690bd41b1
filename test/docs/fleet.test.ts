// docs/fleet.md against the contract: the data collection rule's stream has exactly the history line's
// fields with matching types, the sample lines the queries expect are valid history entries, every column
// the KQL names exists, and the results the page shows are what the queries compute over those lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HISTORY_FIELDS, HistoryEntrySchema, type HistoryEntry } from '../../electron/contract/history';

const doc = readFileSync(fileURLToPath(new URL('../../docs/fleet.md', import.meta.url)), 'utf8');
const blocks = (lang: string) =>
  [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
const dcr = JSON.parse(blocks('json')[0]!) as {
  properties: {
    streamDeclarations: Record<string, { columns: { name: string; type: string }[] }>;
    dataSources: { logFiles: { filePatterns: string[]; format: string }[] };
  };
};
const columns = Object.values(dcr.properties.streamDeclarations)[0]!.columns;
const AGENT_COLUMNS = ['TimeGenerated', 'FilePath', 'Computer'];
const sample: HistoryEntry[] = blocks('jsonl')[0]!
  .trim()
  .split('\n')
  .map((l) => HistoryEntrySchema.parse(JSON.parse(l)));

/** The KQL type a history field needs, from the schema's own shape. */
function kqlType(field: keyof HistoryEntry): string {
  const probe = { ...sample[0]! };
  const v = probe[field];
  if (field === 'steps') return 'dynamic';
  if (typeof v === 'number') return Number.isInteger(v) && (field === 'port' || field === 'v') ? 'int' : 'real';
  return 'string';
}

test('the stream declares every history field, and only those, with matching types', () => {
  const declared = columns.filter((c) => !AGENT_COLUMNS.includes(c.name));
  assert.deepEqual(declared.map((c) => c.name).sort(), [...HISTORY_FIELDS].sort());
  for (const c of declared) assert.equal(c.type, kqlType(c.name as keyof HistoryEntry), c.name);
  assert.equal(dcr.properties.dataSources.logFiles[0]!.format, 'json');
  // The pattern matches the live file and never a rotated one (the agent would ingest it twice).
  const pattern = new RegExp(
    '^' +
      dcr.properties.dataSources.logFiles[0]!.filePatterns[0]!.replace(/[.\\]/g, (c) => `\\${c}`).replace(
        '*',
        '[^\\\\]*',
      ) +
      '$',
  );
  assert.ok(pattern.test('C:\\ProgramData\\KerbProbe\\logs\\history-alice.jsonl'));
  assert.ok(!pattern.test('C:\\ProgramData\\KerbProbe\\logs\\history-alice.jsonl.1'));
});

const KQL_WORDS = new Set([
  'where',
  'summarize',
  'by',
  'order',
  'asc',
  'desc',
  'project',
  'extend',
  'count',
  'dcount',
  'bin',
  'ago',
  'arg_max',
  'todatetime',
  'source',
  'd',
  '1d',
]);

test("every column the queries (and the rule's transformation) name is a column of the table", () => {
  const known = new Set(columns.map((c) => c.name));
  const queries = [
    ...blocks('kql'),
    (dcr as unknown as { properties: { dataFlows: { transformKql: string }[] } }).properties.dataFlows[0]!.transformKql,
  ];
  assert.equal(queries.length, 3);
  for (const q of queries) {
    const body = q.replace(/"[^"]*"/g, '').replace(/^KerbProbeHistory_CL\s*$/m, '');
    const aliases = new Set([...body.matchAll(/\b([A-Za-z_]\w*)\s*=(?!=)/g)].map((m) => m[1]!));
    for (const id of body.match(/\b[A-Za-z_]\w*\b/g) ?? []) {
      if (KQL_WORDS.has(id) || aliases.has(id) || /^\d/.test(id)) continue;
      assert.ok(known.has(id), `the query names "${id}", which is not a column`);
    }
  }
});

function rowsOf(heading: RegExp): string[][] {
  const at = doc.search(heading);
  const lines = doc.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start + 2, end).map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
}

test('failures by code per day over the sample: what the page shows', () => {
  const groups = new Map<string, { code: string; day: string; failures: number; devices: Set<string> }>();
  for (const e of sample.filter((x) => x.verdict === 'fail')) {
    const day = e.time.slice(0, 10);
    const g = groups.get(`${e.code}|${day}`) ?? { code: e.code!, day, failures: 0, devices: new Set() };
    g.failures++;
    g.devices.add(e.device);
    groups.set(`${e.code}|${day}`, g);
  }
  const want = [...groups.values()]
    .sort((a, b) => a.day.localeCompare(b.day) || b.failures - a.failures)
    .map((g) => [g.code, g.day, String(g.failures), String(g.devices.size)]);
  assert.deepEqual(rowsOf(/the first query gives/), want);
});

test('devices failing now over the sample, at the time the page names: what the page shows', () => {
  const now = Date.parse(/run at (\S+Z),/.exec(doc)![1]!);
  const latest = new Map<string, HistoryEntry>();
  for (const e of sample.filter((x) => Date.parse(x.time) > now - 86_400_000)) {
    const k = `${e.device}|${e.server}`;
    if (!latest.has(k) || Date.parse(latest.get(k)!.time) < Date.parse(e.time)) latest.set(k, e);
  }
  const want = [...latest.values()].filter((e) => e.verdict === 'fail').map((e) => [e.device, e.code!]);
  assert.ok(want.length > 0);
  assert.deepEqual(rowsOf(/and the second, run at/), want);
});
