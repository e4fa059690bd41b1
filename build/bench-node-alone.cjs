'use strict';
// `npm run bench`'s measure of what Node itself costs for a check's hops, with no KerbProbe code: the
// service ticket for the SPN through the native binding (GSSAPI: the lab's ticket cache and KDCs), a TCP
// connect to the SQL port, and a TLS handshake with the server's name verified against Node's bundled roots
// plus the lab's CA (the trust set a check installs). No TDS, no probes, no report: a lower bound for a cold
// `kerbprobe check`, set beside the floor (`node -e 0` + a warm check) in the bench's JSON.
// Environment: BENCH_SPN, BENCH_SQL_PORT, BENCH_TLS_PORT, BENCH_SERVER, BENCH_CA (a PEM file). Not a test.
var net = require('net');
var tls = require('tls');
var fs = require('fs');
var path = require('path');
var kerberos = require(path.join(__dirname, '..', 'node_modules', 'kerberos'));

var env = process.env;
var roots = typeof tls.getCACertificates === 'function' ? tls.getCACertificates('bundled') : tls.rootCertificates;
var ca = roots.concat([fs.readFileSync(env.BENCH_CA, 'utf8')]);
function fail(what, err) {
  process.stderr.write('bench-node-alone: ' + what + ': ' + (err && err.message ? err.message : String(err)) + '\n');
  process.exit(1);
}
kerberos.initializeClient(env.BENCH_SPN, {}, function (err, client) {
  if (err) return fail('initializeClient', err);
  client.step('', function (err2, token) {
    if (err2) return fail('step', err2);
    if (!token) return fail('step', 'no token');
    var sock = net.connect(Number(env.BENCH_SQL_PORT), '127.0.0.1', function () {
      sock.end();
      var t = tls.connect(
        { host: '127.0.0.1', port: Number(env.BENCH_TLS_PORT), servername: env.BENCH_SERVER, ca: ca },
        function () {
          t.end();
        },
      );
      t.on('error', function (e) {
        fail('tls', e);
      });
    });
    sock.on('error', function (e) {
      fail('tcp', e);
    });
  });
});
