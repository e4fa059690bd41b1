// The lab's relays run in one detached process of their own (they outlive `kerbprobe lab up`, like the
// KDCs), recorded in lab-processes.json so `lab down` stops them with the rest.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabProcess } from '../lab-types';
import { logOffset, spawnDetached, waitForReady } from '../processes';
import { labProcessCommand } from '../process-command';
import { baseEnv } from '../realm';
import type { RelayRoute } from './relay';

const READY_LINE = /relay: listening/;

/** Starts the relay process for ROUTES and resolves once every listener is bound. */
export async function startRelayProcess(options: { dir: string; routes: RelayRoute[] }): Promise<LabProcess> {
  const config = join(options.dir, 'relays.json');
  const logFile = join(options.dir, 'relay.log');
  writeFileSync(config, JSON.stringify(options.routes, null, 2) + '\n');
  const offset = logOffset(logFile);
  const cmd = labProcessCommand({
    bundle: 'lab-relay.cjs',
    source: 'electron/lab/latency/relay-main.ts',
    missing: { code: 'LAB_TOOL_MISSING', what: 'the lab relay' },
  });
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
