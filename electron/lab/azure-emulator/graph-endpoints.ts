// Microsoft Graph v1.0, the reads `kerbprobe admin` makes: the instance's service principal and application (by
// appId or id), its delegated permission grants, the Conditional Access policies and the sign-in log. Graph checks
// the bearer token (audience graph.microsoft.com) and the permission each call's page names: directory objects
// need Application.Read.All (or Directory.Read.All) and answer 403 Authorization_RequestDenied without it;
// Conditional Access needs Policy.Read.All and answers 403 AccessDenied ("required scopes are missing"); the
// sign-in log needs AuditLog.Read.All. Directory roles of a delegated caller are not modelled.
import { GRAPH_AUDIENCE } from './emulator-tokens';
import { GRAPH_MESSAGES, graphError, type ErrorAnswer } from './emulator-errors';
import type { Answer, EmulatorContext, EmulatorRequest } from './emulator-context';
import {
  GRAPH_APP_ID,
  GRAPH_SERVICE_PRINCIPAL_ID,
  conditionalAccessPolicies,
  graphServicePrincipal,
  principalApplication,
  principalGrants,
  principalServicePrincipal,
  signIns,
} from './lab-tenant';

type Permissions = ReadonlySet<string>;
type Reply = Answer | ErrorAnswer;

function errorCtx(ctx: EmulatorContext, req: EmulatorRequest) {
  const clientRequestId = req.headers['client-request-id'];
  return { now: ctx.now(), clientRequestId: typeof clientRequestId === 'string' ? clientRequestId : undefined };
}

function authenticate(ctx: EmulatorContext, req: EmulatorRequest): Permissions | ErrorAnswer {
  const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const fail = (message: string) => graphError(401, 'InvalidAuthenticationToken', message, errorCtx(ctx, req));
  if (!token) return fail(GRAPH_MESSAGES.tokenEmpty);
  const issued = ctx.tokens.verify(token);
  if (issued === undefined) return fail(GRAPH_MESSAGES.tokenInvalid);
  if (issued === 'expired') return fail(GRAPH_MESSAGES.tokenExpired);
  if (issued.claims.aud !== GRAPH_AUDIENCE) return fail(GRAPH_MESSAGES.tokenInvalid);
  return new Set([...(issued.claims.scp ?? []), ...(issued.claims.roles ?? [])]);
}

/** `$select=a,b`: only those properties (and the OData annotations). */
function selected(req: EmulatorRequest, doc: Record<string, unknown>): Record<string, unknown> {
  const select = req.url.searchParams.get('$select');
  if (!select) return doc;
  const keys = new Set(select.split(',').map((key) => key.trim().toLowerCase()));
  return Object.fromEntries(Object.entries(doc).filter(([key]) => key.startsWith('@') || keys.has(key.toLowerCase())));
}

interface Route {
  /** Matched against the decoded path after /v1.0, case-insensitively. */
  path: RegExp;
  /** Any one of these permissions allows the call. */
  needs: readonly string[];
  /** The 403 Graph answers without them. */
  denied: 'Authorization_RequestDenied' | 'AccessDenied';
  answer: (ctx: EmulatorContext, req: EmulatorRequest, key: string) => Reply;
}

const DIRECTORY_READ = ['Application.Read.All', 'Directory.Read.All'];

function notFound(ctx: EmulatorContext, req: EmulatorRequest, key: string): ErrorAnswer {
  return graphError(404, 'Request_ResourceNotFound', GRAPH_MESSAGES.notFound(key), errorCtx(ctx, req));
}

/** The service principal KEY names (an appId in `(appId='…')`, else an object id), if the lab tenant has it. */
function servicePrincipalFor(ctx: EmulatorContext, key: string): Record<string, unknown> | undefined {
  const { tenant, facet } = ctx.config;
  const k = key.toLowerCase();
  if (k === GRAPH_APP_ID || k === GRAPH_SERVICE_PRINCIPAL_ID) return graphServicePrincipal();
  const principalOn = facet.servicePrincipal !== 'None';
  if (principalOn && (k === tenant.principal.appId || k === tenant.principal.servicePrincipalId))
    return principalServicePrincipal(tenant);
  return undefined;
}

const ROUTES: readonly Route[] = [
  {
    path: /^\/servicePrincipals(?:\(appId='([^']+)'\)|\/([^/()]+))$/i,
    needs: DIRECTORY_READ,
    denied: 'Authorization_RequestDenied',
    answer: (ctx, req, key) => {
      const found = servicePrincipalFor(ctx, key);
      return found ? { status: 200, body: selected(req, found) } : notFound(ctx, req, key);
    },
  },
  {
    path: /^\/servicePrincipals(?:\(appId='([^']+)'\)|\/([^/()]+))\/oauth2PermissionGrants$/i,
    needs: DIRECTORY_READ,
    denied: 'Authorization_RequestDenied',
    answer: (ctx, req, key) => {
      const found = servicePrincipalFor(ctx, key);
      if (!found) return notFound(ctx, req, key);
      const own = found.id === ctx.config.tenant.principal.servicePrincipalId;
      return { status: 200, body: own ? principalGrants(ctx.config.tenant, ctx.config.facet) : { value: [] } };
    },
  },
  {
    path: /^\/applications(?:\(appId='([^']+)'\)|\/([^/()]+))$/i,
    needs: DIRECTORY_READ,
    denied: 'Authorization_RequestDenied',
    answer: (ctx, req, key) => {
      const { tenant, facet } = ctx.config;
      const k = key.toLowerCase();
      const ours = k === tenant.principal.appId || k === tenant.principal.applicationId;
      return ours && facet.servicePrincipal !== 'None'
        ? { status: 200, body: selected(req, principalApplication(tenant)) }
        : notFound(ctx, req, key);
    },
  },
  {
    path: /^\/identity\/conditionalAccess\/policies$/i,
    needs: ['Policy.Read.All'],
    denied: 'AccessDenied',
    answer: (ctx) => ({ status: 200, body: conditionalAccessPolicies(ctx.config.facet) }),
  },
  {
    path: /^\/auditLogs\/signIns$/i,
    needs: ['AuditLog.Read.All'],
    denied: 'Authorization_RequestDenied',
    answer: (ctx, req) => ({ status: 200, body: filteredSignIns(ctx, req) }),
  },
];

/** `$filter=appId eq '…'` (the one filter the emulator understands) and `$top`. */
function filteredSignIns(ctx: EmulatorContext, req: EmulatorRequest): Record<string, unknown> {
  const doc = signIns(ctx.config.tenant);
  let rows = doc.value as Record<string, unknown>[];
  const appId = /\bappId\s+eq\s+'([^']*)'/i.exec(req.url.searchParams.get('$filter') ?? '')?.[1];
  if (appId !== undefined) rows = rows.filter((row) => String(row.appId).toLowerCase() === appId.toLowerCase());
  const top = Number(req.url.searchParams.get('$top'));
  if (Number.isInteger(top) && top > 0) rows = rows.slice(0, top);
  return { ...doc, value: rows };
}

/** Answers Graph's paths (under /v1.0); undefined for a path that is not Graph's. */
export function graphEndpoint(ctx: EmulatorContext, req: EmulatorRequest): Reply | undefined {
  if (!/^\/v1\.0(\/|$)/i.test(req.url.pathname)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(req.url.pathname.slice('/v1.0'.length));
  } catch {
    return graphError(400, 'BadRequest', GRAPH_MESSAGES.badRequest('the path'), errorCtx(ctx, req));
  }
  const permissions = authenticate(ctx, req);
  if ('status' in permissions) return permissions;
  for (const route of ROUTES) {
    const m = route.path.exec(path);
    if (!m) continue;
    if (req.method !== 'GET')
      return graphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.', {
        ...errorCtx(ctx, req),
      });
    if (!route.needs.some((permission) => permissions.has(permission))) {
      const message = route.denied === 'AccessDenied' ? GRAPH_MESSAGES.scopesMissing : GRAPH_MESSAGES.requestDenied;
      return graphError(403, route.denied, message, errorCtx(ctx, req));
    }
    return route.answer(ctx, req, m[1] ?? m[2] ?? '');
  }
  const segment = path.split('/').filter(Boolean)[0] ?? '';
  return graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`, errorCtx(ctx, req));
}
