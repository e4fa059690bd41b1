// Hop 1: the machine and its Kerberos set-up (krb5.conf and cache on MIT; dsregcmd, klist cloud_debug and
// the policy registry values on Windows). Its typed facts explain a missing ticket later.
import type { Evidence } from '../../diagnose/evidence';
import { platform as osPlatform, release } from 'node:os';
import type { EnvironmentFacts } from '../../environment/environment-facts';
import { windowsEnvironment } from '../../environment/windows-environment';
import type { Platform } from '../platform';
import type { Hop } from '../hop';
import { errorText } from '../hop-text';

export interface EnvironmentDeps {
  environment(signal: AbortSignal): Promise<EnvironmentFacts>;
}

export interface EnvironmentOut {
  facts: Evidence[];
  /** Windows: what dsregcmd and klist cloud_debug said (absent elsewhere, or when they could not be read). */
  dsreg?: EnvironmentFacts['dsreg'];
  cloudDebug?: EnvironmentFacts['cloudDebug'];
}

export const environmentHop: Hop<EnvironmentOut, EnvironmentDeps> = {
  name: 'environment',
  needs: [],
  async run({ deps, steps, signal }) {
    const done = steps.start('environment');
    let env: EnvironmentFacts;
    try {
      env = await deps.environment(signal);
    } catch (err) {
      env = {
        os: process.platform,
        detail: `could not read the environment: ${errorText(err)}`,
        evidence: [],
        warnings: [errorText(err)],
      };
    }
    done(env.warnings.length ? 'warn' : 'pass', env.detail, [...env.evidence, ...env.warnings]);
    return {
      out: {
        facts: env.facts ?? [],
        ...(env.dsreg ? { dsreg: env.dsreg } : {}),
        ...(env.cloudDebug ? { cloudDebug: env.cloudDebug } : {}),
      },
    };
  },
  bind: (p) => ({
    environment: async () =>
      p.os === 'win32'
        ? windowsEnvironment(p.env, (command, args) =>
            p.runTool(command, args, { timeoutMs: TOOL_TIMEOUT_MS, env: p.env, okExitCodes: [1] }),
          )
        : mitEnvironment(p),
  }),
};

/** dsregcmd, klist cloud_debug and reg query each get this long. */
const TOOL_TIMEOUT_MS = 3000;

/** MIT Kerberos: which krb5.conf files and which ticket cache this check runs with. */
function mitEnvironment(p: Platform): EnvironmentFacts {
  const profile = p.profile();
  const files = profile?.files.length ? profile.files.join(', ') : 'none found';
  const cache = p.env.KRB5CCNAME ?? '(default cache)';
  return {
    os: `${osPlatform()} ${release()}`,
    detail: `${osPlatform()} ${release()}; krb5.conf: ${files}; ticket cache: ${cache}`,
    evidence: [`KRB5_CONFIG=${p.env.KRB5_CONFIG ?? '(default)'}`, `KRB5CCNAME=${cache}`],
    warnings: profile?.files.length ? [] : ['no krb5.conf could be read: KDCs and realm mappings are unknown'],
  };
}
