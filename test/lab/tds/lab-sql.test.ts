// The SQL half of the lab against independent clients: FreeTDS tsql (TDS 7.4, TLS inside PRELOGIN, raw
// krb5 token) and a strict-mode (TDS 8.0) client with a real GSS initiator. Real MIT KDCs, real keytab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestLab, tsql, type Lab } from '../lab-helpers';
import { TdsProbeClient, errorsOf, kerberosInitiator } from './helpers/tds-probe-client';
import { MSG_18452 } from '../../../electron/lab/tds/login-response';

function asLabUser(lab: Lab): void {
  // The GSS initiator in this process reads the lab user's Kerberos environment.
  process.env.KRB5_CONFIG = lab.info.env.KRB5_CONFIG;
  process.env.KRB5CCNAME = lab.info.env.KRB5CCNAME;
}

async function withLab(scenario: string, fn: (lab: Lab) => Promise<void>): Promise<void> {
  const lab = await startTestLab(scenario);
  try {
    await fn(lab);
  } finally {
    await lab.stop();
  }
}

test('healthy: tsql logs in with Kerberos over TLS and SELECT SUSER_SNAME() returns the user', async () => {
  await withLab('healthy', async (lab) => {
    assert.equal(lab.info.sql?.listening, true);
    const r = tsql(lab, 'SELECT SUSER_SNAME()');
    assert.match(r.out, /^alice@contoso\.test$/m, r.out);
    const q = tsql(
      lab,
      'SELECT auth_scheme, net_transport, encrypt_option FROM sys.dm_exec_connections WHERE session_id = @@SPID',
    );
    assert.match(q.out, /^KERBEROS\tTCP\tTRUE$/m, q.out);
    assert.match(
      lab.log(),
      /Login succeeded for user 'alice@contoso\.test'\. Connection made using Windows authentication\./,
    );
  });
});

test('healthy: TDS 8.0 strict (TLS first, ALPN tds/8.0), SPNEGO, AP-REP verified, verification query', async () => {
  await withLab('healthy', async (lab) => {
    asLabUser(lab);
    const client = await TdsProbeClient.connectStrict({ port: lab.info.port, fqdn: lab.info.server, caPem: lab.caPem });
    try {
      assert.equal(client.alpn, 'tds/8.0');
      assert.equal(client.socket.getProtocol(), 'TLSv1.3');
      await client.prelogin();
      const gss = await kerberosInitiator(lab.info.server, lab.info.port, 'spnego');
      const tokens = await client.login7(gss.token, lab.info.server);
      assert.deepEqual(errorsOf(tokens), []);
      const sspi = tokens!.find((t) => t.kind === 'sspi');
      assert.ok(sspi && sspi.kind === 'sspi', 'the server answers with its SSPI token');
      assert.equal(await gss.verify(sspi.data), true, 'mutual authentication: the AP-REP verifies');
      const ack = tokens!.find((t) => t.kind === 'loginack');
      assert.ok(ack && ack.kind === 'loginack' && ack.value.tdsVersion === 0x74000004);
      const rows = await client.batch(
        'SELECT auth_scheme, encrypt_option, SUSER_SNAME() AS login, @@SERVERNAME AS server ' +
          'FROM sys.dm_exec_connections WHERE session_id = @@SPID',
      );
      const row = rows.find((t) => t.kind === 'row');
      assert.deepEqual(row && row.kind === 'row' && row.cells, [
        'KERBEROS',
        'TRUE',
        'alice@contoso.test',
        lab.info.server.split('.')[0],
      ]);
      const bad = await client.batch('SELECT * FROM dbo.nope');
      assert.deepEqual(
        errorsOf(bad).map((e) => e.number),
        [208],
      );
    } finally {
      client.close();
    }
  });
});

test('service-key-stale: tsql is refused with 18452 and the server logs 17806 then 18452', async () => {
  await withLab('service-key-stale', async (lab) => {
    const result = tsql(lab, 'SELECT SUSER_SNAME()');
    assert.doesNotMatch(result.out, /alice@contoso\.test/);
    assert.match(result.out, /18452/);
    const log = lab.log();
    assert.match(
      log,
      new RegExp(
        /Error: 17806, Severity: 20, State: 14\.\n.*SSPI handshake failed with error code 0x8009030c, state 14 /
          .source +
          /while establishing a connection with integrated security; the connection has been closed\. /.source +
          /Reason: AcceptSecurityContext failed\./.source,
      ),
    );
    assert.match(
      log,
      new RegExp(
        /Error: 18452, Severity: 14, State: 1\.\n.*Login failed\. /.source +
          /The login is from an untrusted domain and cannot be used with Integrated authentication\./.source,
      ),
    );
    assert.ok(log.indexOf('17806') < log.indexOf('Error: 18452'));
  });
});

test('login-not-mapped: Kerberos succeeds, the login does not exist: 18456 for the Entra-style name', async () => {
  await withLab('login-not-mapped', async (lab) => {
    const r = tsql(lab, 'SELECT SUSER_SNAME()');
    assert.match(r.out, /18456/);
    assert.match(r.out, /Login failed for user 'alice@contoso\.test'\./);
    assert.match(
      lab.log(),
      /Error: 18456, Severity: 14, State: 5\.\n.*Reason: Could not find a login matching the name provided\./,
    );
  });
});

test('tls-untrusted and tls-name-mismatch: the certificate fails the client check, for the right reason', async () => {
  await withLab('tls-untrusted', async (lab) => {
    await assert.rejects(
      TdsProbeClient.connectStrict({ port: lab.info.port, fqdn: lab.info.server, caPem: lab.caPem }),
      (err: NodeJS.ErrnoException) =>
        err.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || err.code === 'SELF_SIGNED_CERT_IN_CHAIN',
      'chain not trusted',
    );
    const r = tsql(lab, 'SELECT SUSER_SNAME()');
    assert.doesNotMatch(r.out, /alice@contoso\.test/);
  });
  await withLab('tls-name-mismatch', async (lab) => {
    await assert.rejects(
      TdsProbeClient.connectStrict({ port: lab.info.port, fqdn: lab.info.server, caPem: lab.caPem }),
      (err: NodeJS.ErrnoException) => err.code === 'ERR_TLS_CERT_ALTNAME_INVALID',
    );
  });
});

test('redirect: the gateway routes (ENVCHANGE 20) and the node accepts a fresh token for its own SPN', async () => {
  await withLab('redirect', async (lab) => {
    asLabUser(lab);
    const routing = lab.info.routing!;
    const gw = await TdsProbeClient.connectStrict({ port: lab.info.port, fqdn: lab.info.server, caPem: lab.caPem });
    await gw.prelogin();
    const first = await gw.login7((await kerberosInitiator(lab.info.server, lab.info.port)).token, lab.info.server);
    const route = first!.find((t) => t.kind === 'envchange' && t.type === 20);
    assert.ok(route && route.kind === 'envchange');
    assert.deepEqual(route.routing, { protocol: 0, port: routing.port, server: routing.server });
    assert.equal(await gw.closed(), true, 'the gateway closes after routing');
    const node = await TdsProbeClient.connectStrict({ port: routing.port, fqdn: routing.server, caPem: lab.caPem });
    try {
      await node.prelogin();
      const tokens = await node.login7((await kerberosInitiator(routing.server, routing.port)).token, routing.server);
      assert.deepEqual(errorsOf(tokens), []);
      const rows = await node.batch('SELECT SUSER_SNAME()');
      const row = rows.find((t) => t.kind === 'row');
      assert.deepEqual(row && row.kind === 'row' && row.cells, ['alice@contoso.test']);
    } finally {
      node.close();
    }
    // A token for the gateway's SPN is refused by the node: each listener accepts only its own name.
    const wrong = await TdsProbeClient.connectStrict({ port: routing.port, fqdn: routing.server, caPem: lab.caPem });
    await wrong.prelogin();
    const refused = await wrong.login7((await kerberosInitiator(lab.info.server, lab.info.port)).token, routing.server);
    assert.deepEqual(
      errorsOf(refused).map((e) => e.message),
      [MSG_18452],
    );
    wrong.close();
  });
});

function tcpOutcome(port: number, waitMs: number): Promise<'refused' | 'silent' | 'answered'> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', () => resolve('refused'));
    socket.once('connect', () => {
      socket.write(Buffer.from('12010008000000000', 'hex').subarray(0, 8));
      const t = setTimeout(() => {
        socket.destroy();
        resolve('silent');
      }, waitMs);
      socket.once('data', () => {
        clearTimeout(t);
        socket.destroy();
        resolve('answered');
      });
    });
  });
}

test('sql-down, sql-blackhole and redirect-blocked: closed port, silent listener, closed routing target', async () => {
  await withLab('sql-down', async (lab) => {
    assert.equal(lab.sqlPid, null);
    assert.equal(await tcpOutcome(lab.info.port, 300), 'refused');
  });
  await withLab('sql-blackhole', async (lab) => {
    assert.equal(await tcpOutcome(lab.info.port, 700), 'silent');
  });
  await withLab('redirect-blocked', async (lab) => {
    asLabUser(lab);
    const gw = await TdsProbeClient.connectStrict({ port: lab.info.port, fqdn: lab.info.server, caPem: lab.caPem });
    await gw.prelogin();
    const tokens = await gw.login7((await kerberosInitiator(lab.info.server, lab.info.port)).token, lab.info.server);
    const route = tokens!.find((t) => t.kind === 'envchange' && t.type === 20);
    assert.ok(route && route.kind === 'envchange' && route.routing);
    gw.close();
    assert.equal(await tcpOutcome(route.routing.port, 300), 'refused');
  });
});
