// The fleet view: many users' history files (and saved reports) grouped the way a helpdesk asks "who cannot
// reach the instance, why, and where did it start". Computed by electron/engine/fleet/, printed by
// `kerbprobe analyze --fleet`, drawn by the app's Fleet tab (it crosses IPC, so it is declared here).
import { z } from 'zod';
import { DIAGNOSIS_CODES } from './codes';
import { HistoryEntrySchema } from './history';
import { FLEET_DIMENSIONS, PASS_KEY, type FleetDimension } from './fleet-keys';

export { FLEET_DIMENSIONS, OTHER_KEY, PASS_KEY, UNKNOWN_KEY, type FleetDimension } from './fleet-keys';

/** Distinct keys kept per dimension; the rest are counted under OTHER_KEY, so hostile input cannot grow memory. */
export const FLEET_MAX_GROUPS = 500;
/** Distinct devices tracked; past this the counts of devices are lower bounds (`devicesCapped`). */
export const FLEET_MAX_DEVICES = 200_000;
/** The most entries a drill-down lists. */
export const FLEET_MAX_DRILL = 1000;
/** Files a folder given to the fleet view may hold (walked to FLEET_MAX_DEPTH levels). */
export const FLEET_MAX_FILES = 100_000;
export const FLEET_MAX_DEPTH = 8;
/**
 * The sane window of a check's time: not before KerbProbe existed (its first line of code: November 2026;
 * the window opens with that year), and not further in the future of the reader's clock than a device's
 * clock can plausibly be off (a day). A line outside it (a forged `9999-12-31`, a dead CMOS battery) is
 * refused and counted, never allowed to decide which check of a device is its latest.
 */
export const FLEET_EARLIEST_TIME = '2026-01-01T00:00:00.000Z';
export const FLEET_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

const iso = z.string();

export const FleetGroupSchema = z.object({
  key: z.string(),
  checks: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  /** Distinct devices with a check in this group. */
  devices: z.number().int().nonnegative(),
  firstSeen: iso,
  lastSeen: iso,
});
export type FleetGroup = z.infer<typeof FleetGroupSchema>;

/** One check in a drill-down, with where it came from (`file:line`, or a report's path to open). */
export const FleetDrillEntrySchema = z.object({
  source: z.string(),
  entry: HistoryEntrySchema,
});
export type FleetDrillEntry = z.infer<typeof FleetDrillEntrySchema>;

export const FleetQuerySchema = z
  .object({
    /** Drill down to the checks with this code (or PASS). */
    code: z.union([z.enum(DIAGNOSIS_CODES), z.literal(PASS_KEY)]).optional(),
    /** Drill down to one device's checks. */
    device: z.string().min(1).max(253).optional(),
    limit: z.number().int().min(1).max(FLEET_MAX_DRILL).optional(),
  })
  .strict();
export type FleetQuery = z.infer<typeof FleetQuerySchema>;

export const FleetSummarySchema = z.object({
  files: z.number().int().nonnegative(),
  /** History entries and reports counted. */
  checks: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  reports: z.number().int().nonnegative(),
  /** Lines and files that were not KerbProbe history or reports (damaged, foreign, torn, too long). */
  skipped: z.number().int().nonnegative(),
  /** Checks refused for a time outside the sane window (FLEET_EARLIEST_TIME, now + FLEET_FUTURE_SKEW_MS). */
  outOfRange: z.number().int().nonnegative(),
  /** Files that could not be read at all, with why (at most 100 listed). */
  unreadable: z.array(z.object({ path: z.string(), problem: z.string() })),
  firstSeen: iso.nullable(),
  lastSeen: iso.nullable(),
  devices: z.number().int().nonnegative(),
  /** Devices whose latest check failed. */
  devicesFailingNow: z.number().int().nonnegative(),
  devicesCapped: z.boolean(),
  groups: z.object(
    Object.fromEntries(FLEET_DIMENSIONS.map((d) => [d, z.array(FleetGroupSchema)])) as Record<
      FleetDimension,
      z.ZodArray<typeof FleetGroupSchema>
    >,
  ),
  drill: z
    .object({
      query: FleetQuerySchema,
      /** Newest first. */
      entries: z.array(FleetDrillEntrySchema),
      /** Matching checks in all (the list holds at most the limit). */
      matched: z.number().int().nonnegative(),
      devices: z.array(z.string()),
    })
    .nullable(),
});
export type FleetSummary = z.infer<typeof FleetSummarySchema>;
