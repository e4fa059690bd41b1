// Strict type check of every TypeScript project in the repo (Node side, renderer).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
process.chdir(fileURLToPath(new URL('..', import.meta.url)));
for (const p of ['tsconfig.json', 'renderer/tsconfig.json']) {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', p, '--noEmit'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`typecheck: ${p} failed`);
    process.exit(r.status ?? 1);
  }
}
