// Error answers in each service's own format. Graph: `{ error: { code, message, innerError: { date, request-id,
// client-request-id } } }` (concepts/errors.md; ./examples/graph-error-*.json). ARM: `{ error: { code, message } }`
// (common-types ErrorResponse). The identity platform's token endpoint: `{ error, error_description (AADSTSnnnn:
// …), error_codes, timestamp, trace_id, correlation_id }` (entra-docs v2-oauth2-device-code.md, reference-error-codes).
// Codes and wording are cited in ./examples/sources.json; wording not cited there was not verified.
import { randomUUID } from 'node:crypto';
import type { Audience } from './emulator-tokens';

export interface ErrorAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Graph's ISO date without fraction or zone, as innerError.date shows it ("2024-12-24T03:25:32"). */
const graphDate = (now: number) => new Date(now).toISOString().slice(0, 19);

export function graphError(
  status: number,
  code: string,
  message: string,
  ctx: { now: number; clientRequestId?: string },
): ErrorAnswer {
  const requestId = randomUUID();
  return {
    status,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: graphDate(ctx.now),
          'request-id': requestId,
          'client-request-id': ctx.clientRequestId ?? requestId,
        },
      },
    },
  };
}

export const GRAPH_MESSAGES = {
  /** Directory objects (servicePrincipals, applications, grants): SupportArticles-docs troubleshoot page. */
  requestDenied: 'Insufficient privileges to complete the operation.',
  /** Conditional Access policies without Policy.Read.All: real answers recorded in public issues (sources.json). */
  scopesMissing: 'You cannot perform the requested operation, required scopes are missing in the token.',
  tokenEmpty: 'Access token is empty.',
  tokenInvalid: 'Access token validation failure. Invalid audience.',
  tokenExpired: 'Lifetime validation failed, the token is expired.',
  notFound: (id: string) =>
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  badRequest: (what: string) => `Invalid request: ${what}`,
};

export function armError(status: number, code: string, message: string, headers?: Record<string, string>): ErrorAnswer {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

export const ARM_MESSAGES = {
  headerMissing: "Authentication failed. The 'Authorization' header is missing.",
  tokenInvalid: 'The access token is invalid.',
  tokenExpired: 'The access token expiry UTC time is earlier than current UTC time.',
  wrongAudience: (aud: Audience | string) =>
    `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of ` +
    "the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net'," +
    "'https://management.azure.com/','https://management.azure.com'.",
  /** ARM's 403 (AuthorizationFailed), as real answers word it (sources.json). */
  authorizationFailed: (user: string, oid: string, action: string, scope: string) =>
    `The client '${user}' with object id '${oid}' does not have authorization to perform action '${action}' over ` +
    `scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  notFound: (type: string, name: string, group: string) =>
    `The Resource '${type}/${name}' under resource group '${group}' was not found. For more details please go to ` +
    'https://aka.ms/ARMResourceNotFoundFix',
  apiVersionMissing: 'The api-version query parameter (?api-version=) is required for all requests.',
  apiVersionUnsupported: (version: string, supported: readonly string[]) =>
    `The api-version '${version}' is invalid. The supported versions are '${supported.join(',')}'.`,
};

/** The identity platform's error: `AADSTSnnnn: text` in error_description, the number in error_codes. */
export function oauthError(
  status: number,
  error: string,
  aadsts: number | null,
  text: string,
  now: number,
): ErrorAnswer {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date(now).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    status,
    body: {
      error,
      error_description:
        `${aadsts === null ? '' : `AADSTS${aadsts}: `}${text} Trace ID: ${traceId} Correlation ID: ${correlationId} ` +
        `Timestamp: ${timestamp}`,
      ...(aadsts === null ? {} : { error_codes: [aadsts] }),
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}
