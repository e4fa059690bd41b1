// `check --config FILE`: the instances one unattended run checks, read bounded and validated by the
// contract's schema. A bad file is a usage error (exit 2) with a stable code and the first problem, before
// any check runs.
import { z } from 'zod';
import { CheckConfigSchema, type CheckConfig } from '../../contract/check-config';
import { KerbProbeError } from '../errors';
import { readBounded } from '../read-bounded';

export class ConfigError extends KerbProbeError {
  constructor(path: string, problem: string) {
    super('CONFIG_INVALID', `${path} is not a usable check configuration: ${problem}`);
    this.name = 'ConfigError';
  }
}

export async function readCheckConfig(path: string): Promise<CheckConfig> {
  const bytes = await readBounded(path, 'config');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ConfigError(path, 'it is not UTF-8 JSON');
  }
  const parsed = CheckConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    throw new ConfigError(path, `${where}${issue ? issue.message : z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
