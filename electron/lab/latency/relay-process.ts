// The lab's relays run in one detached process of their own (they outlive `kerbprobe lab up`, like the
// KDCs), recorded in lab-processes.json so `lab down` stops them with the rest.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KerbProbeError } from '../../engine/errors';
import type { LabProcess } from '../lab-types';
import { logOffset, spawnDetached, waitForReady } from '../processes';
import { baseEnv } from '../realm';
import type { RelayRoute } from './relay';

const READY_LINE = /relay: listening/;

function findSourceRoot(): string | null {
  const starts = [process.cwd(), process.argv[1] ? dirname(resolve(process.argv[1])) : null];
  for (const start of starts.filter((s): s is string => Boolean(s))) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'electron/lab/latency/relay-main.ts')) && existsSync(join(dir, 'node_modules/tsx')))
        return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return null;
}

/** The bundle beside the running one (dist/lab-relay.cjs), else the source through tsx. */
function relayCommand(): { command: string; args: string[] } {
  // `__dirname` exists only in the CommonJS bundle; under tsx (ESM) it is undefined.
  const bundleDir = typeof __dirname === 'string' ? __dirname : null;
  if (bundleDir && existsSync(join(bundleDir, 'lab-relay.cjs')))
    return { command: process.execPath, args: [join(bundleDir, 'lab-relay.cjs')] };
  const root = findSourceRoot();
  if (root)
    return { command: process.execPath, args: ['--import', 'tsx', join(root, 'electron/lab/latency/relay-main.ts')] };
  throw new KerbProbeError('LAB_TOOL_MISSING', 'cannot find the lab relay (dist/lab-relay.cjs or its source)');
}

/** Starts the relay process for ROUTES and resolves once every listener is bound. */
export async function startRelayProcess(options: { dir: string; routes: RelayRoute[] }): Promise<LabProcess> {
  const config = join(options.dir, 'relays.json');
  const logFile = join(options.dir, 'relay.log');
  writeFileSync(config, JSON.stringify(options.routes, null, 2) + '\n');
  const offset = logOffset(logFile);
  const cmd = relayCommand();
  const proc = await spawnDetached(cmd.command, [...cmd.args, config], {
    role: 'relay',
    env: {
      ...baseEnv(),
      ELECTRON_RUN_AS_NODE: '1',
      // A measuring run's wire log (relay-main.ts); nothing else of this process's environment passes.
      ...(process.env.KERBPROBE_RELAY_TRACE ? { KERBPROBE_RELAY_TRACE: process.env.KERBPROBE_RELAY_TRACE } : {}),
    },
    logFile,
  });
  // Every listener is bound when the line is written; the relays listen on 127.0.0.2 (and UDP), so no probe.
  await waitForReady({ proc, logFile, offset, readyLine: READY_LINE });
  return proc;
}
