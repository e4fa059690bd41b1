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
/**
 * Buckets a timeline holds at most. Hours up to a 72 h span (73), days up to 400 days (401), weeks past
 * that: when the weeks alone are more than this, the timeline keeps the latest ones (`timeline.earlier`
 * counts the checks before its first bucket).
 */
export const FLEET_MAX_BUCKETS = 520;
/** The span (ms, last check minus first) up to which the timeline is drawn in hours; then in days. */
export const FLEET_HOUR_SPAN_MS = 72 * 60 * 60 * 1000;
/** The span up to which the timeline is drawn in days; past it, in weeks (Monday 00:00 UTC). */
export const FLEET_DAY_SPAN_MS = 400 * 24 * 60 * 60 * 1000;
/** Devices the failing-now list holds at most (longest-failing first); `devicesFailingNow` counts them all. */
export const FLEET_MAX_FAILING_NOW = 1000;
/** Files the foreign-lines list holds at most, and devices named per file. */
export const FLEET_MAX_FOREIGN_FILES = 100;
export const FLEET_MAX_FOREIGN_DEVICES = 10;

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

/** An ISO 8601 time with its zone (what toISOString writes, or any offset Date.parse reads the same way). */
const queryTime = z.string().datetime({ offset: true });

/**
 * A question to the fleet. `code`, `from` and `to` narrow the counts, the groups, the failing-now list and the
 * drill-down to the checks that match (the timeline stays whole, so a click keeps its context); `device` only
 * drives the drill-down. Any of the four makes a drill-down.
 */
export const FleetQuerySchema = z
  .object({
    /**
     * Only the checks with this code (or PASS): groups and counts are those checks'; failing now are the devices
     * whose latest check failed with this code.
     */
    code: z.union([z.enum(DIAGNOSIS_CODES), z.literal(PASS_KEY)]).optional(),
    /** Drill down to one device's checks. */
    device: z.string().min(1).max(253).optional(),
    /** Only the checks at or after this time (a clicked bucket's start). */
    from: queryTime.optional(),
    /** Only the checks before this time (a clicked bucket's end, excluded). */
    to: queryTime.optional(),
    limit: z.number().int().min(1).max(FLEET_MAX_DRILL).optional(),
  })
  .strict();
export type FleetQuery = z.infer<typeof FleetQuerySchema>;

export const FleetBucketSchema = z
  .object({
    /** The bucket's start (UTC), included. */
    start: iso,
    /**
     * Its end (UTC), excluded: the start plus one unit, where the next bucket starts. A click narrows to
     * [start, end) with it (FleetQuery's from and to), so no view derives it.
     */
    end: iso,
    checks: z.number().int().nonnegative(),
    failures: z.number().int().nonnegative(),
    /** Failures by code (a failure without a code: UNKNOWN), most first; codes without failures are left out. */
    byCode: z.array(z.object({ code: z.enum(DIAGNOSIS_CODES), failures: z.number().int().positive() })),
  })
  .refine((bucket) => Date.parse(bucket.start) < Date.parse(bucket.end), {
    message: 'a bucket ends after it starts',
    path: ['end'],
  });
export type FleetBucket = z.infer<typeof FleetBucketSchema>;

export const FleetTimelineSchema = z.object({
  unit: z.enum(['hour', 'day', 'week']),
  buckets: z.array(FleetBucketSchema).max(FLEET_MAX_BUCKETS),
  /** Checks before the first bucket (only when a span of weeks is longer than FLEET_MAX_BUCKETS). */
  earlier: z.number().int().nonnegative(),
});
export type FleetTimeline = z.infer<typeof FleetTimelineSchema>;

export const FleetFailingDeviceSchema = z.object({
  device: z.string(),
  /** The latest check's code (a failure without one: UNKNOWN). */
  code: z.enum(DIAGNOSIS_CODES),
  /** The first failed check after the device's last pass (its first check ever when it never passed). */
  since: iso,
  /**
   * false: the device failed more often since its last pass than the reader keeps times of, so it has been
   * failing at least since `since` (maybe longer).
   */
  sinceExact: z.boolean(),
  lastPass: iso.nullable(),
  /** The latest check's time. */
  latest: iso,
  /** The latest check's client subnet; null when it had none. */
  site: z.string().nullable(),
  /** The latest check's instance. */
  server: z.string(),
  /** Lines naming this device were found in a file another device owns (see `foreign`). */
  foreign: z.boolean(),
});
export type FleetFailingDevice = z.infer<typeof FleetFailingDeviceSchema>;

export const FleetForeignSchema = z.object({
  /** Lines in all that name a device other than their file's owner. */
  lines: z.number().int().nonnegative(),
  /** Distinct devices named in such lines. */
  devices: z.number().int().nonnegative(),
  /** The files holding them (at most FLEET_MAX_FOREIGN_FILES), each with its owner and the devices named. */
  files: z
    .array(
      z.object({
        path: z.string(),
        owner: z.string(),
        /** At most FLEET_MAX_FOREIGN_DEVICES. */
        devices: z.array(z.string()),
        lines: z.number().int().positive(),
      }),
    )
    .max(FLEET_MAX_FOREIGN_FILES),
});
export type FleetForeign = z.infer<typeof FleetForeignSchema>;

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
  /** Devices whose latest check failed (narrowed by the query: see FleetQuerySchema). */
  devicesFailingNow: z.number().int().nonnegative(),
  devicesCapped: z.boolean(),
  groups: z.object(
    Object.fromEntries(FLEET_DIMENSIONS.map((d) => [d, z.array(FleetGroupSchema)])) as Record<
      FleetDimension,
      z.ZodArray<typeof FleetGroupSchema>
    >,
  ),
  /**
   * Checks per time bucket over the whole span (first to last check, empty buckets included, never narrowed
   * by the query), failures split by code. Unit: hour up to FLEET_HOUR_SPAN_MS, day up to FLEET_DAY_SPAN_MS,
   * else week (buckets start on Monday 00:00 UTC); at most FLEET_MAX_BUCKETS.
   */
  timeline: FleetTimelineSchema,
  /**
   * Devices whose latest check failed, longest-failing first (`since` ascending, then device), at most
   * FLEET_MAX_FAILING_NOW; `devicesFailingNow` counts them all. A device that owns a file (see `foreign`) is
   * judged from the files it owns only.
   */
  failingNow: z.array(FleetFailingDeviceSchema),
  /**
   * Lines naming a device in a file another device owns (a file's owner is the device named by a strict
   * majority of its lines). They count as checks in the groups and the timeline, but never decide the
   * failing-now state of a device that owns a file of its own.
   */
  foreign: FleetForeignSchema,
  /**
   * The catalogue's headline (its helpdesk wording) of every diagnosis code the summary names — in the groups,
   * the timeline and the failing-now list — so a view shows a code with its meaning.
   */
  titles: z.record(z.string(), z.string()),
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
