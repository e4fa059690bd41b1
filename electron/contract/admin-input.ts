// What a helpdesk types for an admin read's sign-in besides the server, read the one way the CLI (`--tenant`,
// `--client-id` and their environment variables), the IPC channel (admin:run) and the app's form all read it.
// Pure, and importing only the import-free error codes, so the renderer may run it.
//
// The tenant is what the Microsoft identity platform takes in the authority URL: "the tenant ID of the Microsoft
// Entra tenant (a GUID), or its tenant domain", or `organizations` (work and school accounts, each signed in to its
// home tenant): https://learn.microsoft.com/en-us/entra/identity-platform/msal-client-application-configuration;
// the device code request's `{tenant}` is "the directory tenant ... in GUID or friendly name format":
// https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code#device-authorization-request
// The client id is an app registration's "Application (client) ID", "a GUID that uniquely identifies your
// application": https://learn.microsoft.com/en-us/entra/msal/javascript/node/initialize-public-client-application
import { INPUT_ERROR_CODES, type InputErrorCode } from './error-codes';

export type AdminInputResult = { ok: true; value: string } | { ok: false; code: InputErrorCode; message: string };

const GUID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const GUID = new RegExp(`^${GUID_TEXT}$`, 'i');
/** A tenant id, `organizations`, or a domain name (labels of letters, digits and hyphens, at least two). */
const TENANT = new RegExp(`^(?:${GUID_TEXT}|organizations|[a-z0-9-]+(?:\\.[a-z0-9-]+)+)$`, 'i');
/** A domain name is at most 253 characters (RFC 1035); a GUID is 36. */
const MAX_TENANT = 253;

/** The value said back only when it is short printable ASCII (nothing a terminal or page could take as markup). */
function quoted(value: string): string {
  return /^[\x21-\x7e]{1,100}$/.test(value) ? `: ${value}` : '';
}

/**
 * Reads a tenant: its id (a GUID), a domain name (contoso.onmicrosoft.com) or `organizations`. Surrounding
 * blanks (a pasted line's newline) are trimmed. `name` is how the message names the field (`--tenant` on the CLI).
 */
export function readTenant(raw: string, name = 'the tenant'): AdminInputResult {
  const value = raw.trim();
  if (value.length <= MAX_TENANT && TENANT.test(value)) return { ok: true, value };
  return {
    ok: false,
    code: INPUT_ERROR_CODES.tenantInvalid,
    message: `${name} must be a tenant id (a GUID) or a domain name such as contoso.onmicrosoft.com${quoted(value)}`,
  };
}

/** Reads an application (client) id: a GUID. Surrounding blanks are trimmed. */
export function readClientId(raw: string, name = 'the client id'): AdminInputResult {
  const value = raw.trim();
  if (GUID.test(value)) return { ok: true, value };
  return {
    ok: false,
    code: INPUT_ERROR_CODES.clientIdInvalid,
    message: `${name} must be an application (client) id, a GUID${quoted(value)}`,
  };
}
