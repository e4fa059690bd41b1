// The file `kerbprobe check --config FILE` reads: one deployment (an Intune Remediations detection script,
// a scheduled task) checks one or more instances. Each instance is exactly what `check` takes on its command
// line (CheckInputSchema, the same for the CLI, IPC and the form), so a config means what the flags mean.
import { z } from 'zod';
import { CheckInputSchema } from './check-input';
import { HISTORY_REDACTABLE } from './history';
import { CHECK_TIMEOUT_SECONDS } from './limits';

export const CONFIG_MAX_INSTANCES = 20;
/**
 * The whole run's budget: the instances are checked one after another, each within its own timeout, and
 * their timeouts together may not exceed this (10 minutes), so an unattended run always ends.
 */
export const CONFIG_TOTAL_SECONDS = 600;

export const CheckConfigSchema = z
  .object({
    /** Written by people: a version lets a later KerbProbe refuse a format it does not know. */
    version: z.literal(1),
    instances: z
      .array(CheckInputSchema)
      .min(1, { error: 'the config lists no instance' })
      .max(CONFIG_MAX_INSTANCES, { error: `a config lists at most ${CONFIG_MAX_INSTANCES} instances` }),
    /** Leave the user's name out of the history lines (the same as listing `user` in historyRedact). */
    redactUser: z.boolean().default(false),
    /**
     * The fields the history lines leave out, of `user`, `device`, `server`, `address`, `kdc`, `subnet`
     * (contract/history.ts): what a log shipper collects is then what the organisation chose. Default: none.
     */
    historyRedact: z.array(z.enum(HISTORY_REDACTABLE)).max(HISTORY_REDACTABLE.length).default([]),
  })
  .strict()
  .refine((c) => c.instances.reduce((n, i) => n + i.timeoutSeconds, 0) <= CONFIG_TOTAL_SECONDS, {
    error:
      `the instances' timeouts add up to more than ${CONFIG_TOTAL_SECONDS} s ` +
      `(each defaults to ${CHECK_TIMEOUT_SECONDS.default} s)`,
  });
export type CheckConfig = z.output<typeof CheckConfigSchema>;
