// The SQL half of `kerbprobe lab`: writes the TDS server's configuration for the scenario, starts the
// server as its own detached process (its keytab must be process-wide: KRB5_KTNAME), and waits until it
// listens. Scenario facets are made real here: nothing listens (down), a listener that never answers
// (blackhole), a certificate from a CA the client does not trust or for another name, and the Redirect
// policy's second listener (or its closed port).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KerbProbeError } from '../../engine/errors';
import { createCa, issueServerCert, type Pem } from '../pki';
import { isRecordedProcessAlive, spawnDetached } from '../processes';
import type { SqlLabContext, SqlLabResult } from '../lab-types';
import { LAB_SQL_VERSION, LAB_TDS_LIMITS, type ListenerConfig, type TdsServerConfig } from './server-config';
import { labProcessCommand } from '../process-command';

/** `MSSQLSvc/host:port@REALM` → the host-based GSS name `MSSQLSvc@host:port` the acceptor uses. */
export function acceptorServiceName(spn: string): string {
  const m = /^([^/@]+)\/([^@]+)(?:@.*)?$/.exec(spn);
  if (!m) throw new KerbProbeError('LAB_SQL_BAD_SPN', `not an SPN: ${spn}`);
  return `${m[1]}@${m[2]}`;
}

export function labSqlPaths(dir: string): { config: string; ready: string; log: string; stdout: string } {
  return {
    config: join(dir, 'sql-server.json'),
    ready: join(dir, 'sql-server.ready'),
    log: join(dir, 'sql-server.log'),
    stdout: join(dir, 'sql-server.out'),
  };
}

async function certificateFor(ctx: SqlLabContext, fqdn: string): Promise<Pem & { issuer: string; names: string[] }> {
  const facet = ctx.scenario.sql;
  if (facet === 'tls-untrusted') {
    // A CA nobody gave the client: the chain cannot be verified, the name is right.
    const rogue = await createCa('KerbProbe Lab Untrusted CA');
    return {
      ...(await issueServerCert(rogue, { commonName: fqdn })),
      issuer: 'KerbProbe Lab Untrusted CA',
      names: [fqdn],
    };
  }
  if (facet === 'tls-name-mismatch') {
    const other = fqdn.replace(/^[^.]+/, (label) => `${label}-other`);
    return { ...(await issueServerCert(ctx.ca, { commonName: other })), issuer: 'lab CA', names: [other] };
  }
  return { ...(await issueServerCert(ctx.ca, { commonName: fqdn })), issuer: 'lab CA', names: [fqdn] };
}

export async function buildServerConfig(
  ctx: SqlLabContext,
  logFile: string,
): Promise<{ config: TdsServerConfig; certNames: string[] }> {
  const facet = ctx.scenario.sql;
  const gatewayCert = await certificateFor(ctx, ctx.fqdn);
  const routed = (facet === 'redirect' || facet === 'redirect-blocked') && ctx.routing ? ctx.routing : undefined;
  const listeners: ListenerConfig[] = [
    {
      role: 'gateway',
      host: '127.0.0.1',
      port: ctx.port,
      fqdn: ctx.fqdn,
      service: acceptorServiceName(ctx.spn),
      certPem: gatewayCert.certPem,
      keyPem: gatewayCert.keyPem,
      behaviour: facet === 'blackhole' ? 'blackhole' : 'normal',
      ...(routed ? { routeTo: { server: routed.fqdn, port: routed.port } } : {}),
    },
  ];
  if (routed && facet === 'redirect') {
    const nodeCert = await certificateFor(ctx, routed.fqdn);
    listeners.push({
      role: 'node',
      host: '127.0.0.1',
      port: routed.port,
      fqdn: routed.fqdn,
      service: acceptorServiceName(routed.spn),
      certPem: nodeCert.certPem,
      keyPem: nodeCert.keyPem,
      behaviour: 'normal',
    });
  }
  return {
    config: {
      listeners,
      logins: ctx.loginNames.map((n) => n.toLowerCase()),
      logFile,
      serverName: ctx.fqdn.split('.')[0]!,
      version: LAB_SQL_VERSION,
      databases: ['master'],
      loginTimeoutMs: LAB_TDS_LIMITS.loginTimeoutMs,
      preloginTimeoutMs: LAB_TDS_LIMITS.preloginTimeoutMs,
      maxConnections: LAB_TDS_LIMITS.maxConnections,
    },
    certNames: gatewayCert.names,
  };
}

export async function startSqlServer(ctx: SqlLabContext): Promise<SqlLabResult> {
  const facet = ctx.scenario.sql;
  const paths = labSqlPaths(ctx.dir);
  if (facet === 'down') {
    // Nothing listens on the SQL port: the lab reserved it and leaves it closed.
    return { pids: [], extra: { listening: false, log: paths.log } };
  }
  const { config, certNames } = await buildServerConfig(ctx, paths.log);
  writeFileSync(paths.config, JSON.stringify(config, null, 2), { mode: 0o600 });
  rmSync(paths.ready, { force: true });
  const cmd = labProcessCommand({
    bundle: 'lab-tds-server.cjs',
    source: 'electron/lab/tds/server-main.ts',
    missing: { code: 'LAB_SQL_SERVER_MISSING', what: 'the lab TDS server' },
  });
  const proc = await spawnDetached(cmd.command, [...cmd.args, paths.config, paths.ready], {
    role: 'sql',
    cwd: cmd.cwd,
    logFile: paths.stdout,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      KRB5_CONFIG: ctx.env.KRB5_CONFIG ?? '',
      KRB5_KTNAME: `FILE:${ctx.keytab}`,
      // The service never uses a client cache; keep it away from the lab user's.
      KRB5CCNAME: 'MEMORY:lab-sql',
    },
  });
  const deadline = Date.now() + 10_000;
  for (let delay = 5; !existsSync(paths.ready); delay = Math.min(delay * 2, 50)) {
    if (!isRecordedProcessAlive(proc)) {
      const out = existsSync(paths.stdout)
        ? readFileSync(paths.stdout, 'utf8').trim().split('\n').slice(-3).join(' | ')
        : '';
      throw new KerbProbeError(
        'LAB_START_FAILED',
        `the lab SQL server exited during start-up: ${out || '(no output)'}`,
      );
    }
    if (Date.now() > deadline)
      throw new KerbProbeError('LAB_START_TIMEOUT', 'the lab SQL server did not report ready within 10 s');
    await sleep(delay);
  }
  return {
    pids: [proc.pid],
    extra: {
      listening: true,
      log: paths.log,
      behaviour: config.listeners[0]!.behaviour,
      certificateNames: certNames,
      tls: facet === 'tls-untrusted' ? 'untrusted-ca' : facet === 'tls-name-mismatch' ? 'name-mismatch' : 'lab-ca',
      ...(config.listeners[0]!.routeTo
        ? { routeTo: config.listeners[0]!.routeTo, routeTargetListening: facet === 'redirect' }
        : {}),
    },
  };
}
