// Bounds every front door shares (the CLI, IPC, the app's form): plain constants with no imports, so the
// renderer may use them at run time.

/** The check's whole time budget, in seconds. */
export const CHECK_TIMEOUT_SECONDS = { min: 1, max: 600, default: 15 } as const;
export const DEFAULT_PORT = 1433;
