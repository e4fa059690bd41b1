// One lab realm: its own MIT database, kdc.conf and krb5kdc process on a loopback port.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { KerbProbeError } from '../engine/errors';
import { faketimeEnv } from './faketime';
import { renderKdcConf } from './krb5-profiles';
import type { LabProcess } from './lab-types';
import { findTool, runTool, runToolOk } from './mit-tools';
import { logOffset, spawnDetached, waitForReady } from './processes';

export interface Realm {
  name: string;
  role: 'onprem' | 'cloud';
  port: number;
  dir: string;
  logFile: string;
  /** Environment of every admin tool and KDC of this realm: never the client's. */
  env: NodeJS.ProcessEnv;
}

/** The environment lab tools start from: nothing of the caller's Kerberos or locale settings leaks in. */
export function baseEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
}

export async function createRealm(options: {
  name: string;
  role: 'onprem' | 'cloud';
  dir: string;
  port: number;
  kdcKrb5Conf: string;
  supportedEnctypes: string;
}): Promise<Realm> {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const kdcConf = join(options.dir, 'kdc.conf');
  const logFile = join(options.dir, 'kdc.log');
  writeFileSync(
    kdcConf,
    renderKdcConf({
      realm: options.name,
      port: options.port,
      databasePath: join(options.dir, 'principal'),
      stashPath: join(options.dir, 'stash'),
      logPath: logFile,
      supportedEnctypes: options.supportedEnctypes,
    }),
  );
  const env = { ...baseEnv(), KRB5_CONFIG: options.kdcKrb5Conf, KRB5_KDC_PROFILE: kdcConf };
  // The master key only protects a throwaway database; it is used once, here, through stdin, and the
  // stash file lets the KDC open the database. -W: the lab needs no strong entropy for it.
  const master = randomBytes(18).toString('base64url');
  await runToolOk('kdb5_util', ['-r', options.name, 'create', '-s', '-W'], { env, input: `${master}\n${master}\n` });
  return { name: options.name, role: options.role, port: options.port, dir: options.dir, logFile, env };
}

/**
 * Runs kadmin.local commands in one process (fast). Commands may carry passwords, and kadmin.local
 * echoes its input on stdout, so stdout is never surfaced; failures are read from stderr, where
 * kadmin.local reports them (its exit status stays 0 in this mode).
 */
export async function kadmin(realm: Realm, commands: string[], cwd?: string): Promise<void> {
  const result = await runTool('kadmin.local', ['-r', realm.name], {
    env: realm.env,
    input: commands.join('\n') + '\n',
    cwd,
  });
  const problems = result.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (line) =>
        line &&
        !/^No policy specified for .*; defaulting to no policy$/.test(line) &&
        !/^WARNING: no policy specified/.test(line),
    );
  if (result.code !== 0 || problems.length > 0) {
    throw new KerbProbeError(
      'LAB_TOOL_FAILED',
      `kadmin.local (${realm.name}) failed: ${problems.join(' | ') || `exit ${result.code}`}`,
    );
  }
}

/** Starts krb5kdc in the foreground of its own detached session (-n), so the recorded pid is the KDC. */
export async function startKdc(realm: Realm, opts: { clockOffset?: string } = {}): Promise<LabProcess> {
  const env = { ...realm.env, ...(opts.clockOffset ? faketimeEnv(opts.clockOffset) : {}) };
  const offset = logOffset(realm.logFile);
  const proc = await spawnDetached(findTool('krb5kdc'), ['-n', '-r', realm.name], {
    role: `kdc:${realm.name}${opts.clockOffset ? ` (clock ${opts.clockOffset})` : ''}`,
    env,
    logFile: realm.logFile,
  });
  // krb5kdc logs "commencing operation" once every listener is bound.
  await waitForReady({ proc, port: realm.port, logFile: realm.logFile, offset, readyLine: /commencing operation/ });
  return proc;
}
