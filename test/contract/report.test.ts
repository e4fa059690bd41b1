import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { CheckReportSchema, REPORT_FIELD_KINDS } from '../../electron/contract/report';

/** Every string leaf of a zod schema, as `a.b[].c` paths (what redaction reads). */
function stringPaths(schema: z.ZodType, path = ''): string[] {
  const def = (
    schema as unknown as {
      def: {
        type: string;
        shape?: Record<string, z.ZodType>;
        element?: z.ZodType;
        innerType?: z.ZodType;
        options?: z.ZodType[];
      };
    }
  ).def;
  switch (def.type) {
    case 'string':
    case 'enum':
      return [path];
    case 'literal':
      return typeof (def as unknown as { values: unknown[] }).values[0] === 'string' ? [path] : [];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([k, v]) => stringPaths(v, path ? `${path}.${k}` : k));
    case 'array':
      return stringPaths(def.element!, `${path}[]`);
    case 'optional':
    case 'nullable':
    case 'default':
      return stringPaths(def.innerType!, path);
    case 'union':
      return [...new Set((def.options ?? []).flatMap((o) => stringPaths(o, path)))];
    case 'number':
    case 'boolean':
      return [];
    default:
      throw new Error(`stringPaths: schema type ${def.type} at ${path} is not understood; teach this walker`);
  }
}

test('every string field of the report says what it holds, so redaction cannot miss a new one', () => {
  const paths = stringPaths(CheckReportSchema);
  assert.ok(paths.length > 50, `found only ${paths.length} string fields`);
  const undeclared = paths.filter((p) => !(p in REPORT_FIELD_KINDS));
  assert.deepEqual(undeclared, [], 'declare these in REPORT_FIELD_KINDS (contract/report.ts)');
  const stale = Object.keys(REPORT_FIELD_KINDS).filter((p) => !paths.includes(p));
  assert.deepEqual(stale, [], 'no longer in the schema');
});
