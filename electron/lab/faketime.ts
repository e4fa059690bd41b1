// libfaketime for lab daemons. We preload the library into the daemon itself instead of wrapping it in
// the `faketime` program: that program forks and waits, so the recorded pid would be the wrapper, not
// the KDC, and `lab down` would have to kill a process tree.
import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KerbProbeError } from '../engine/errors';

const ROOTS = ['/usr/lib', '/usr/local/lib', '/usr/lib64'];
let cached: string | undefined;

export function findLibfaketime(): string {
  if (cached) return cached;
  const candidates: string[] = [];
  for (const root of ROOTS) {
    candidates.push(join(root, 'faketime', 'libfaketime.so.1'));
    let subdirs: string[] = [];
    try {
      subdirs = readdirSync(root);
    } catch {
      continue;
    }
    for (const subdir of subdirs)
      if (subdir.includes('-linux-')) candidates.push(join(root, subdir, 'faketime', 'libfaketime.so.1'));
  }
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.R_OK);
      cached = candidate;
      return candidate;
    } catch {
      // next
    }
  }
  throw new KerbProbeError(
    'LAB_TOOL_MISSING',
    'libfaketime not found (install the Debian package faketime; run `npm run setup`)',
  );
}

/** Environment that shifts a process's clock: `offset` in libfaketime's syntax, e.g. `+10m`, `-12h`. */
export function faketimeEnv(offset: string): Record<string, string> {
  if (!/^[+-]\d+[smhdy]?$/.test(offset))
    throw new KerbProbeError('LAB_BAD_CLOCK_OFFSET', `not a clock offset: ${offset}`);
  return { LD_PRELOAD: findLibfaketime(), FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
}
