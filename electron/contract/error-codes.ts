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
 * Stable codes of a check's (or an admin read's) input refused before any traffic, the same from the CLI, IPC and
 * the app's form (contract/server-input.ts, contract/check-input.ts, contract/admin-input.ts,
 * engine/check/ca-file.ts). The CLI ends with exit 2.
 */
export const INPUT_ERROR_CODES = {
  /** Any other usage error (a flag's value out of range, a report path refused). */
  usage: 'USAGE',
  serverMissing: 'INPUT_SERVER_MISSING',
  serverControlCharacter: 'INPUT_SERVER_CONTROL_CHARACTER',
  serverNotAscii: 'INPUT_SERVER_NOT_ASCII',
  serverInvalid: 'INPUT_SERVER_INVALID',
  serverPortInvalid: 'INPUT_SERVER_PORT_INVALID',
  serverPortConflict: 'INPUT_SERVER_PORT_CONFLICT',
  caMissing: 'INPUT_CA_MISSING',
  caUnreadable: 'INPUT_CA_UNREADABLE',
  caNotPem: 'INPUT_CA_NOT_PEM',
  /** An admin read's tenant that is not a tenant id, a domain name or `organizations` (contract/admin-input.ts). */
  tenantInvalid: 'INPUT_TENANT_INVALID',
  /** An admin read's application (client) id that is not a GUID (contract/admin-input.ts). */
  clientIdInvalid: 'INPUT_CLIENT_ID_INVALID',
} as const;
export type InputErrorCode = (typeof INPUT_ERROR_CODES)[keyof typeof INPUT_ERROR_CODES];

/**
 * Codes of engine errors the app answers with a state rather than an error: no credential cache at all
 * (after a purge, kdestroy removes it; before the first kinit) means there are no tickets.
 */
export const TICKET_ERROR_CODES = {
  noCache: 'CCACHE_NOT_FOUND',
} as const;
