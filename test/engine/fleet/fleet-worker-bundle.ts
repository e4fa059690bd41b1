// The fleet worker's real bundle, built from its entry for a test (the CLI's build puts it in dist/).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export async function buildFleetWorker(dir: string): Promise<string> {
  const worker = join(dir, 'fleet-worker.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../../../electron/engine/fleet/fleet-worker.ts', import.meta.url))],
    outfile: worker,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return worker;
}
