// How to start the lab TDS server process: from the bundle when running bundled (dist/*.cjs, where the
// server bundle sits next to the running one), otherwise from source through tsx.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KerbProbeError } from '../../engine/errors';

export interface ServerCommand {
  command: string;
  args: string[];
  cwd: string;
}

function findSourceRoot(): string | null {
  const starts = [process.cwd(), process.argv[1] ? dirname(resolve(process.argv[1])) : null].filter((s): s is string =>
    Boolean(s),
  );
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'electron/lab/tds/server-main.ts')) && existsSync(join(dir, 'node_modules/tsx')))
        return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return null;
}

export function tdsServerCommand(): ServerCommand {
  // `__dirname` exists only in the CommonJS bundle; under tsx (ESM) it is undefined.
  const bundleDir = typeof __dirname === 'string' ? __dirname : null;
  if (bundleDir && existsSync(join(bundleDir, 'lab-tds-server.cjs'))) {
    return { command: process.execPath, args: [join(bundleDir, 'lab-tds-server.cjs')], cwd: bundleDir };
  }
  const root = findSourceRoot();
  if (root)
    return {
      command: process.execPath,
      args: ['--import', 'tsx', join(root, 'electron/lab/tds/server-main.ts')],
      cwd: root,
    };
  throw new KerbProbeError(
    'LAB_SQL_SERVER_MISSING',
    'cannot find the lab TDS server (dist/lab-tds-server.cjs or electron/lab/tds/server-main.ts)',
  );
}
