import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillPlaceholders, knownNames } from '../../renderer/src/lib/known-names';
import { diagnosisFor } from '../../electron/engine/diagnose/classify';
import { HEALTHY_REPORT, SPN_MISSING_REPORT } from '../e2e/fixtures/reports';
import type { CheckReport } from '../../electron/contract/report';

const names = knownNames(SPN_MISSING_REPORT);

test("the catalogue's placeholders become the target's real names", () => {
  const spn = diagnosisFor('SPN_UNKNOWN', []);
  const user = fillPlaceholders(spn.fixUser, names);
  assert.match(user, /sqlmi1\.lab0001\.database\.windows\.net on port 1433/);
  assert.match(user, /sqlmi1\.public\.lab0001\.database\.windows\.net on port 3342/);
  assert.doesNotMatch(user, /<instance>|<dns zone>/);
  assert.match(
    fillPlaceholders(spn.fixHelpdesk, names),
    /`klist get MSSQLSvc\/sqlmi1\.lab0001\.database\.windows\.net:1433`/,
  );
  assert.match(fillPlaceholders(spn.cause, names), /MSSQLSvc\/sqlmi1\.lab0001\.database\.windows\.net:1433\./);
  const kdc = fillPlaceholders(diagnosisFor('KDC_UNREACHABLE', []).fixHelpdesk, names);
  assert.match(kdc, /`nltest \/dsgetdc:contoso\.test`/);
  assert.match(kdc, /`Test-NetConnection <dc> -Port 88`/, 'what the report does not know stays a placeholder');
  assert.match(
    fillPlaceholders('`Test-NetConnection <fqdn> -Port <port>`', names),
    /Test-NetConnection sqlmi1\.lab0001\.database\.windows\.net -Port 1433/,
  );
});

test('a public endpoint name gives the same instance and zone; an unknown domain stays a placeholder', () => {
  const pub: CheckReport = {
    ...HEALTHY_REPORT,
    chain: { ...HEALTHY_REPORT.chain!, userRealm: 'KERBEROS.MICROSOFTONLINE.COM' },
    target: { ...HEALTHY_REPORT.target, server: 'mi7.public.zone9.database.windows.net', port: 3342 },
  };
  const n = knownNames(pub);
  assert.equal(fillPlaceholders('<instance>.<dns zone>.database.windows.net', n), 'mi7.zone9.database.windows.net');
  assert.equal(fillPlaceholders('`nltest /dsgetdc:<domain>`', n), '`nltest /dsgetdc:<domain>`');
  const other = knownNames({ ...HEALTHY_REPORT, target: { ...HEALTHY_REPORT.target, server: 'sql.contoso.com' } });
  assert.equal(
    fillPlaceholders('<instance>.<dns zone>.database.windows.net or <fqdn>', other),
    '<instance>.<dns zone>.database.windows.net or sql.contoso.com',
  );
  assert.equal(fillPlaceholders('<fqdn>', null), '<fqdn>');
  assert.equal(
    fillPlaceholders('`klist get MSSQLSvc/<mi>.<dnszone>.database.windows.net:1433`', {
      ...n,
      spn: 'MSSQLSvc/mi7.zone9.database.windows.net:46279',
    }),
    '`klist get MSSQLSvc/mi7.zone9.database.windows.net:46279`',
    "the SPN the check asked for, with the target's port",
  );
});
