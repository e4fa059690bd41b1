import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckReportSchema } from '../../../electron/contract/report';
import { CATALOG } from '../../../electron/engine/diagnose/catalog';
import { redact } from '../../../electron/engine/report/redact';
import { renderHtml } from '../../../electron/engine/report/render-html';
import { renderJson } from '../../../electron/engine/report/render-json';
import { renderMarkdown } from '../../../electron/engine/report/render-markdown';
import { NAMES, failingReport, passingReport } from './sample-report';

const ORIGINALS = [
  NAMES.user,
  NAMES.upn,
  NAMES.realm,
  NAMES.netbios,
  NAMES.host,
  NAMES.zone,
  NAMES.instance,
  'DC01',
  'WKS042',
  NAMES.tenant,
  NAMES.address,
  'dbnode7',
  'tr42',
  'westeurope1',
];

for (const [name, make] of [
  ['passing', passingReport],
  ['failing', failingReport],
] as const) {
  test(`redaction leaves none of the original names in the ${name} report, in JSON, Markdown or HTML`, () => {
    const red = redact(make());
    assert.equal(red.redacted, true);
    CheckReportSchema.parse(red);
    for (const [format, text] of [
      ['json', renderJson(red)],
      ['md', renderMarkdown(red)],
      ['html', renderHtml(red)],
    ] as const) {
      const lower = text.toLowerCase();
      for (const o of ORIGINALS) assert.ok(!lower.includes(o.toLowerCase()), `${format} still contains ${o}`);
      for (const keep of [
        'KERBEROS.MICROSOFTONLINE.COM',
        'krbtgt/',
        'MSSQLSvc/',
        'login.microsoftonline.com',
        '.database.windows.net',
      ]) {
        assert.ok(text.includes(keep), `${format} keeps well-known ${keep}`);
      }
    }
  });
}

test('placeholders are consistent across every field and stable across runs', () => {
  const red = redact(failingReport());
  assert.equal(red.target.server, 'host-1.database.windows.net');
  assert.equal(red.target.address, 'ip-1');
  assert.equal(red.target.spn, 'MSSQLSvc/host-1.database.windows.net:1433');
  assert.equal(red.chain?.userRealm, 'realm-1');
  assert.equal(red.chain?.hops[0]?.server, 'krbtgt/realm-1');
  assert.equal(red.chain?.hops[1]?.server, 'krbtgt/KERBEROS.MICROSOFTONLINE.COM');
  assert.equal(red.tickets[0]?.client, 'user-1');
  assert.equal(red.tickets[0]?.clientRealm, 'realm-1');
  assert.match(red.chain?.findings[0]?.message ?? '', /user-1@realm-1/);
  assert.match(
    red.steps.find((s) => s.id === 'kdc-proxy')?.detail ?? '',
    /login\.microsoftonline\.com\/tenant-1\/kerberos/,
  );
  assert.match(red.diagnosis?.evidence.join('\n') ?? '', /Login failed for user 'user-1@realm-1'/);
  assert.match(
    red.diagnosis?.evidence.join('\n') ?? '',
    /realm-1\\user-1 from host-\d+ \(ip-1\)/,
    'NetBIOS domain, workstation and address too',
  );
  assert.equal(red.redirect?.to, `${red.redirect?.to.split('.')[0]}.database.windows.net:11003`);
  assert.notEqual(red.redirect?.to.split('.')[0], 'host-1', 'the node is a different host than the gateway');
  assert.deepEqual(redact(failingReport()), red, 'stable');
  assert.deepEqual(redact(red), red, 'idempotent');
});

test('catalogue texts are never a source of names; enum and time fields are untouched', () => {
  const red = redact(failingReport());
  // The sample organisation is contoso.com, like the catalogue's example: the example follows the redaction.
  assert.match(red.diagnosis?.fixHelpdesk ?? '', /CREATE LOGIN \[user@realm-1\] FROM EXTERNAL PROVIDER/);
  assert.ok(
    red.steps.every((s) => !/user-\d/.test(s.title)),
    'the word "user" is not taken for a name',
  );
  // Another organisation: the catalogue text is left exactly as written.
  const other = failingReport();
  const fabrikam = JSON.parse(
    JSON.stringify(other)
      .replace(/contoso/gi, 'fabrikam')
      .replace(/CREATE LOGIN \[user@fabrikam\.com\]/g, 'CREATE LOGIN [user@contoso.com]')
      .replace(
        /CREATE USER \[user@fabrikam\.com\] FROM LOGIN \[user@fabrikam\.com\]/g,
        'CREATE USER [user@contoso.com] FROM LOGIN [user@contoso.com]',
      ),
  ) as typeof other;
  assert.equal(fabrikam.diagnosis?.fixHelpdesk, CATALOG.LOGIN_NOT_MAPPED.fixHelpdesk);
  assert.equal(redact(fabrikam).diagnosis?.fixHelpdesk, CATALOG.LOGIN_NOT_MAPPED.fixHelpdesk);
  assert.equal(red.startedAt, failingReport().startedAt);
  assert.deepEqual(
    red.tickets.map((t) => t.flags),
    failingReport().tickets.map((t) => t.flags),
  );
});

test('a user or realm named like an enum value cannot break the report', () => {
  const r = passingReport();
  const odd = { ...r, tickets: r.tickets.map((t) => ({ ...t, client: 'service', clientRealm: 'PASS' })) };
  const red = redact(odd);
  CheckReportSchema.parse(red);
  assert.equal(red.verdict, 'pass');
  assert.ok(red.chain?.hops.some((h) => h.kind === 'service'));
  assert.equal(red.tickets[0]?.client, 'user-1');
});

test(
  'paths, ports, SIDs, IPv6 addresses, databases and certificate ' + 'names are redacted too; well-known ports stay',
  () => {
    const r = passingReport();
    const wild = {
      ...r,
      target: { ...r.target, database: 'PayrollDB', caFile: 'C:\\Users\\alice\\certs\\contoso-root.pem' },
      steps: r.steps.map((s) =>
        s.id === 'environment'
          ? {
              ...s,
              detail:
                'krb5.conf: /home/alice/.config/krb5.conf; ' +
                'ticket cache: FILE:/tmp/krb5cc_1000_Xy12; KEYRING:persistent:1000',
              evidence: [
                'user SID S-1-5-21-3623811015-3361044348-30300820-1013',
                'cache at C:\\Users\\alice\\AppData\\Local\\krb5cc.',
                'KDC [fd00:1234::17]:8889 and fd00:1234::17 answered',
                'share \\\\FS01\\profiles$\\alice',
              ],
            }
          : s.id === 'kdc-user'
            ? { ...s, detail: `KDC ${NAMES.dc}:5088 and 10.9.8.7:88 answered; redirect ${NAMES.node}:11003` }
            : s,
      ),
      tls: {
        ...r.tls!,
        subject: 'CN=sqlmi1.contoso.com, O=Contoso Ltd, OU=Finance IT',
        issuer: 'CN=Contoso Issuing CA 02, DC=contoso, DC=com',
      },
    };
    const red = redact(wild);
    const text = [renderJson(red), renderMarkdown(red), renderHtml(red)].join('\n');
    for (const o of [
      'alice',
      'PayrollDB',
      'contoso-root',
      '/home/',
      'krb5cc_1000_Xy12',
      'persistent:1000',
      'S-1-5-21-3623811015',
      'fd00:1234::17',
      ':5088',
      ':8889',
      'FS01',
      'Contoso Ltd',
      'Finance IT',
      'Contoso Issuing CA',
    ]) {
      assert.ok(!text.toLowerCase().includes(o.toLowerCase()), `still contains ${o}`);
    }
    const env = red.steps.find((s) => s.id === 'environment');
    assert.match(
      env?.detail ?? '',
      /^krb5\.conf: path-\d+; ticket cache: FILE:path-\d+; KEYRING:path-\d+$/,
      'the cache type stays readable',
    );
    assert.match(env?.evidence?.[0] ?? '', /^user SID sid-1$/);
    const kdc = red.steps.find((s) => s.id === 'kdc-user')?.detail ?? '';
    assert.match(
      kdc,
      /:port-\d+ and ip-\d+:88 answered; redirect host-\d+\.database\.windows\.net:11003$/,
      'Kerberos and redirect ports are facts, not names',
    );
    assert.equal(red.target.database, 'database-1');
    assert.match(red.tls?.issuer ?? '', /^CN=org-\d+, DC=realm-1, DC=com$/);
    assert.deepEqual(redact(red), red, 'idempotent');
    // The target's port stays: the SPN names it, and a managed instance's ports are public facts.
    assert.equal(
      redact({ ...wild, target: { ...wild.target, port: 3342, spn: `MSSQLSvc/${NAMES.host}:3342` } }).target.spn,
      'MSSQLSvc/host-1.database.windows.net:3342',
    );
  },
);

/**
 * A check run with KRB5_CONFIG and KRB5CCNAME under a folder with spaces: the environment step names both, as
 * engine/check/hops/environment.ts words them. Each is redacted whole, wherever it appears.
 */
function reportWithPaths(config: string, cache: string): ReturnType<typeof passingReport> {
  const report = passingReport();
  report.steps[0] = {
    ...report.steps[0]!,
    detail: `linux 6.1.0; krb5.conf: ${config}; ticket cache: ${cache}`,
    evidence: [`KRB5_CONFIG=${config}`, `KRB5CCNAME=${cache}`],
  };
  report.steps[1] = { ...report.steps[1]!, detail: `No KDC is configured for realm X (krb5.conf: ${config}).` };
  return report;
}

test('a path with spaces is redacted whole: POSIX and Windows user folders, in every field that names it', () => {
  for (const [config, cache, leaks] of [
    [
      '/home/John Smith/Kerb Conf/krb5.conf',
      'FILE:/home/John Smith/Kerb Conf/cc ache',
      ['Smith', 'Kerb Conf', 'cc ache'],
    ],
    [
      'C:\\Users\\José María García\\Kerb Conf\\krb5.ini',
      'FILE:C:\\Users\\José María García\\AppData\\Local\\cc ache',
      ['José', 'María', 'García', 'Kerb Conf', 'AppData', 'cc ache'],
    ],
  ] as const) {
    const red = redact(reportWithPaths(config, cache));
    const text = renderJson(red) + renderMarkdown(red);
    for (const leak of leaks) assert.ok(!text.includes(leak), `${leak} survived in ${text.slice(0, 2000)}`);
    const env = red.steps[0]!;
    assert.match(env.detail, /krb5\.conf: path-\d+; ticket cache: FILE:path-\d+$/);
    assert.deepEqual(
      env.evidence?.map((e) => e.replace(/path-\d+/g, 'path-N')),
      ['KRB5_CONFIG=path-N', 'KRB5CCNAME=FILE:path-N'],
    );
  }
});

test('the free-text net takes a path with spaces in its folders whole, and stops at prose after it', () => {
  const report = passingReport();
  report.steps[2] = {
    ...report.steps[2]!,
    detail:
      'could not read C:\\Users\\John Smith\\Kerb Conf\\krb5.ini or /home/jane doe/.config/krb 5/krb5.conf ' +
      'and then stopped',
  };
  const red = redact(report);
  assert.equal(red.steps[2]!.detail, 'could not read path-1 or path-2 and then stopped');
});
