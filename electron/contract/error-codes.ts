// Error codes that cross a process boundary and are not diagnosis codes (those are in codes.ts). Pure: no
// imports, so the preload, main, the utility process and the engine all use the same names.
/**
 * Stable codes of errors raised by the transports themselves (IPC, the engine's utility process) and of a
 * cancellation, which the engine raises too (KerbProbeError code). Engine errors otherwise keep their own codes.
 */
export const IPC_ERROR_CODES = {
  badRequest: 'IPC_BAD_REQUEST',
  badResponse: 'IPC_BAD_RESPONSE',
  foreignSender: 'IPC_FOREIGN_SENDER',
  engineBadRequest: 'ENGINE_BAD_REQUEST',
  engineCrashed: 'ENGINE_CRASHED',
  cancelled: 'CANCELLED',
  internal: 'INTERNAL',
} as const;

/**
 * Codes of engine errors the app answers with a state rather than an error: no credential cache at all
 * (after a purge, kdestroy removes it; before the first kinit) means there are no tickets.
 */
export const TICKET_ERROR_CODES = {
  noCache: 'CCACHE_NOT_FOUND',
} as const;
