// Hop 1: the machine and its Kerberos set-up (krb5.conf and cache on MIT; dsregcmd, klist cloud_debug and
// the policy registry values on Windows). Its typed facts explain a missing ticket later.
import type { Evidence } from '../../diagnose/evidence';
import type { EnvironmentFacts } from '../../environment/environment-facts';
import type { Hop } from '../hop';
import { errorText } from '../text';

export interface EnvironmentDeps {
  environment(signal: AbortSignal): Promise<EnvironmentFacts>;
}

export const environmentHop: Hop<{ facts: Evidence[] }, EnvironmentDeps> = {
  name: 'environment',
  needs: [],
  async run({ deps, steps, signal }) {
    const done = steps.start('environment');
    let env: EnvironmentFacts;
    try {
      env = await deps.environment(signal);
    } catch (err) {
      env = { os: process.platform, detail: `could not read the environment: ${errorText(err)}`, evidence: [], warnings: [errorText(err)] };
    }
    done(env.warnings.length ? 'warn' : 'pass', env.detail, [...env.evidence, ...env.warnings]);
    return { out: { facts: env.facts ?? [] } };
  },
};
