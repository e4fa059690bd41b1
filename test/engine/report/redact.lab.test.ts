// "Redact names" over real reports: every lab scenario, checked on the MIT path and on the check's Windows
// path (dsregcmd, klist, the DC locator's answers), is redacted and rendered as JSON, Markdown, HTML and the
// CLI's human summary. None may still hold an identifying value: the lab's own names (users, realms, the
// instance and its zone, the DC, the lab directory's paths, the KDCs' and the proxy's ports) and every
// value of a field the schema declares identifying (REPORT_FIELD_KINDS) in the unredacted report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOUD_REALM } from '../../../electron/contract/azure';
import { REPORT_FIELD_KINDS, type CheckReport } from '../../../electron/contract/report';
import { plainText } from '../../../electron/cli/terminal-text';
import { renderSummary } from '../../../electron/cli/render-check';
import { redact } from '../../../electron/engine/report/redact';
import { renderHtml } from '../../../electron/engine/report/render-html';
import { renderJson } from '../../../electron/engine/report/render-json';
import { renderMarkdown } from '../../../electron/engine/report/render-markdown';
import type { LabInfo } from '../../../electron/lab/lab';
import { scenarioReports } from '../../lab/scenario-reports';

const KEPT = new Set([
  CLOUD_REALM,
  'KRBTGT',
  'MSSQLSVC',
  'LOCALHOST',
  '127.0.0.1',
  'KERBEROS',
  'DATABASE.WINDOWS.NET',
  'WINDOWS.NET',
  'NET',
  'AZUREAD',
  'MICROSOFT',
  'MICROSOFTONLINE',
  'LOGIN.MICROSOFTONLINE.COM',
]);

/** The names a field's value is made of (a principal's host and realm, a DN's values…), minus well-known ones. */
function namesIn(kind: string, value: string): string[] {
  const parts =
    kind === 'dn'
      ? value
          .split(/,\s*/)
          .map((p) => p.split('=')[1] ?? '')
          .filter((v) => !/microsoft/i.test(v))
      : value
          .split(/[/@\\:]/)
          .map((p) => p.replace(/\.database\.windows\.net$/i, ''))
          .flatMap((p) => [p, ...p.split('.').filter((l) => l.length >= 4)]);
  return parts
    .map((p) => p.trim())
    .filter(
      (p) =>
        p.length >= 3 &&
        !/^\d+$/.test(p) &&
        !KEPT.has(p.toUpperCase()) &&
        !/^(?:[a-z]+-\d+|com|test|public)$/i.test(p) &&
        !/(^|\.)database\.windows\.net$/i.test(p),
    );
}

function identifyingValues(r: CheckReport): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      const kind = REPORT_FIELD_KINDS[path];
      if (kind && kind !== 'fixed' && kind !== 'text') out.push(...namesIn(kind, v));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, `${path}[]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(r, '');
  return out;
}

function labValues(info: LabInfo, dir: string): string[] {
  const [instance, zone] = info.server.split('.');
  const realms = info.realms.map((x) => x.name).filter((n) => n !== CLOUD_REALM);
  const users = info.users.map((u) => u.principal.split('@')[0]!);
  const kdcPorts = info.realms.map((x) => `:${x.kdc.split(':').at(-1)}`).filter((p) => p !== ':88');
  return [
    instance!,
    zone!,
    ...realms,
    ...realms.map((r) => r.split('.')[0]!),
    ...users,
    dir,
    `kdc1.${realms[0]?.toLowerCase()}`,
    ...kdcPorts,
  ];
}

test('no identifying value of any lab scenario survives redaction, in any output', { timeout: 600_000 }, async () => {
  let scenarios = 0;
  const survivors: string[] = [];
  for await (const s of scenarioReports()) {
    scenarios += 1;
    for (const [path, report] of [
      ['MIT', s.mit],
      ['Windows', s.windows],
    ] as const) {
      const red = redact(report);
      const outputs = {
        json: renderJson(red),
        md: renderMarkdown(red),
        html: renderHtml(red),
        cli: plainText(renderSummary(red, true)),
      };
      const values = [...new Set([...labValues(s.info, s.dir), ...identifyingValues(report)])];
      assert.ok(values.length >= 8, `${s.scenario}: too few identifying values found (${values.join(', ')})`);
      for (const [format, text] of Object.entries(outputs)) {
        const lower = text.toLowerCase();
        for (const v of values)
          if (lower.includes(v.toLowerCase())) survivors.push(`${s.scenario} (${path}), ${format}: "${v}"`);
      }
      assert.deepEqual(redact(red), red, `${s.scenario} (${path}): idempotent`);
    }
  }
  assert.deepEqual(survivors, [], 'values that survive redaction');
  assert.ok(scenarios >= 20, `ran ${scenarios} scenarios`);
});
