// The formatter's check and the type-aware linter over the whole tree (npm run lint; npm test runs it
// first). `npm run format` rewrites what the check refuses.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const steps = [
  ['prettier', ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.']],
  ['eslint', ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.']],
];
for (const [name, args] of steps) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`lint: ${name} failed${name === 'prettier' ? ' (npm run format rewrites the files)' : ''}`);
    process.exit(r.status ?? 1);
  }
}
