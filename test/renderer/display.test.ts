// The page's one entry for engine data: every string of every answer and progress event is neutralised for
// display (a server's U+202E or ESC never reaches a component raw), and what the page sends back (a report to
// export) is the exact original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KerbProbeApi } from '../../electron/contract/verbs';
import { HEALTHY_REPORT } from '../e2e/fixtures/reports';
import { displayApi } from '../../renderer/src/lib/display';

const HOSTILE = 'Login failed\u202Edesrever\u001b[2J\u001b]0;pwned\u0007 PASS';

test('answers and progress reach the page neutralised; an export sends the exact original back', async () => {
  const report = {
    ...HEALTHY_REPORT,
    steps: HEALTHY_REPORT.steps.map((s, i) => (i === 0 ? { ...s, detail: HOSTILE } : s)),
  };
  const sent: unknown[] = [];
  let progress: ((e: unknown) => void) | null = null;
  const fake = {
    check: { run: async () => report, cancel: async () => ({ cancelled: true }) },
    tickets: { list: async () => ({}), purge: async () => ({ purged: false }) },
    report: {
      export: async (req: unknown) => {
        sent.push(req);
        return { path: null, text: 'ok' };
      },
      open: async () => ({ report: null, name: null }),
    },
    analyze: {
      inputs: async () => ({
        schemaVersion: 1,
        inputs: [
          {
            name: HOSTILE,
            kind: 'dsregcmd',
            judgedAt: null,
            judgedAtSource: 'earliest',
            timeZone: null,
            facts: [HOSTILE],
            findings: [],
            ticketSet: null,
            diagnosis: null,
            contradictions: [],
          },
        ],
        diagnosis: null,
        failed: false,
      }),
    },
    state: { recentServers: async () => [] },
    onProgress: (l: (e: unknown) => void) => {
      progress = l;
      return () => {
        progress = null;
      };
    },
  };
  const api = displayApi(fake as unknown as KerbProbeApi);

  const shown = await api.check.run({ runId: 'run-00000001', input: { server: 'a.database.windows.net' } });
  const detail = shown.steps[0]!.detail;
  assert.doesNotMatch(detail, /[\u202e\u001b\u0007]/u, 'no control or bidi character reaches the page');
  assert.match(detail, /\\u\{202e\}/);
  const [input] = (await api.analyze.inputs({ inputs: [{ text: 'x' }] })).inputs;
  assert.doesNotMatch(`${input!.name}${input!.facts.join('')}`, /[\u202e\u001b]/u);

  const events: unknown[] = [];
  api.onProgress((e) => events.push(e));
  progress!({ runId: 'run-00000001', kind: 'finished', step: { ...report.steps[0]!, detail: HOSTILE } });
  assert.doesNotMatch(JSON.stringify(events), /\u202e/u);

  await api.report.export({ report: shown, format: 'json', redact: false, to: 'text' });
  const back = sent[0] as { report: typeof report };
  assert.equal(back.report.steps[0]!.detail, HOSTILE, 'the export carries the exact text, not the display copy');
  assert.equal(back.report, report, 'the very object the engine returned');
});
