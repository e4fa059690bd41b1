// The fleet view's dimensions and group keys: plain constants with no imports, so the renderer's Fleet tab
// runs the same list the engine counts by (contract/fleet.ts re-exports them with the schemas).

/** A group key for passing checks in the by-code view (diagnosis codes are UPPER_SNAKE too, never this). */
export const PASS_KEY = 'PASS';
export const OTHER_KEY = '(other)';
export const UNKNOWN_KEY = '(unknown)';

export const FLEET_DIMENSIONS = ['code', 'os', 'flow', 'subnet', 'kdc', 'server'] as const;
export type FleetDimension = (typeof FLEET_DIMENSIONS)[number];
