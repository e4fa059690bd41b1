// The check's real platform ports: every hop of the pipeline binds its own (hops/*.ts `bind`) from one
// shared platform context. `env` lets one process check under another Kerberos environment; `os` replaces
// what the operating system provides (os-services.ts; this machine's by default).
import { PIPELINE, type CheckDeps } from './pipeline';
import { createPlatform, type PlatformOptions } from './platform';

export type RealDepsOptions = PlatformOptions;

export function createRealDeps(opts: RealDepsOptions = {}): CheckDeps {
  const platform = createPlatform(opts);
  return Object.assign({}, ...PIPELINE.map((hop) => hop.bind(platform))) as CheckDeps;
}
