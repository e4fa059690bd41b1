import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FREETDS_DSN, freetdsConf } from '../../electron/lab/freetds-conf';

const info = {
  port: 14330,
  spn: 'MSSQLSvc/sqlmi1.lab0001.database.windows.net:14330@KERBEROS.MICROSOFTONLINE.COM',
  caFile: '/tmp/lab/ca.pem',
};

test('freetds.conf names the lab endpoint, its SPN and CA; hostname checking is off only when asked', () => {
  const chainOnly = freetdsConf(info, { checkHostname: false });
  assert.equal(
    chainOnly,
    [
      `[${FREETDS_DSN}]`,
      '\thost = 127.0.0.1',
      '\tport = 14330',
      '\ttds version = 7.4',
      '\tencryption = require',
      `\tspn = ${info.spn}`,
      '\tca file = /tmp/lab/ca.pem',
      '\tcheck certificate hostname = no',
      '',
    ].join('\n'),
  );
  const named = freetdsConf(info, { checkHostname: true });
  assert.doesNotMatch(named, /check certificate hostname/);
  assert.equal(named, chainOnly.replace('\tcheck certificate hostname = no\n', ''));
});
