// Azure Resource Manager, the two reads `kerbprobe admin` makes: a Resource Graph query that finds the instance by
// its FQDN, and the managed instance GET (with `$expand=administrators/activedirectory`). ARM checks the bearer
// token (audience management.azure.com), the api-version, then the caller's role: without Reader the instance GET
// answers 403 AuthorizationFailed, while Resource Graph answers 200 with no rows — it returns only what the caller
// may read (azure-docs governance/resource-graph/overview.md). The emulator runs no KQL: a query finds the lab's
// instance when it names the type microsoft.sql/managedinstances and the instance's FQDN (or its public endpoint's),
// and a final `| project` list is applied to the row.
import { ARM_AUDIENCE, GRAPH_AUDIENCE } from './emulator-tokens';
import { ARM_MESSAGES, armError, type ErrorAnswer } from './emulator-errors';
import type { Answer, EmulatorContext, EmulatorRequest } from './emulator-context';
import { managedInstanceDocument, resourceGraphDocument, resourceGraphRow } from './lab-tenant';

/** Stable api-versions of Microsoft.Sql managedInstances the emulator serves (specification/sql …/stable/). */
export const MANAGED_INSTANCE_API_VERSIONS = ['2023-08-01', '2025-01-01'] as const;
/** Stable api-versions of Microsoft.ResourceGraph/resources (specification/resourcegraph …/stable/). */
export const RESOURCE_GRAPH_API_VERSIONS = ['2021-03-01', '2022-10-01', '2024-04-01'] as const;

const MANAGED_INSTANCE_PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Sql\/managedInstances\/([^/]+)$/i;
const RESOURCE_GRAPH_PATH = /^\/providers\/Microsoft\.ResourceGraph\/resources$/i;

interface Caller {
  oid: string;
  upn: string;
}

function authenticate(ctx: EmulatorContext, req: EmulatorRequest): Caller | ErrorAnswer {
  const challenge = {
    'WWW-Authenticate':
      `Bearer authorization_uri="${ctx.base}/${ctx.config.tenant.tenantId}", error="invalid_token", ` +
      'error_description="The authentication failed because of missing \'Authorization\' header."',
  };
  const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return armError(401, 'AuthenticationFailed', ARM_MESSAGES.headerMissing, challenge);
  const issued = ctx.tokens.verify(token);
  if (issued === undefined) return armError(401, 'InvalidAuthenticationToken', ARM_MESSAGES.tokenInvalid);
  if (issued === 'expired') return armError(401, 'ExpiredAuthenticationToken', ARM_MESSAGES.tokenExpired);
  if (issued.claims.aud !== ARM_AUDIENCE)
    return armError(401, 'InvalidAuthenticationTokenAudience', ARM_MESSAGES.wrongAudience(GRAPH_AUDIENCE));
  return { oid: issued.claims.oid, upn: issued.claims.upn ?? issued.claims.appid };
}

function apiVersionProblem(req: EmulatorRequest, supported: readonly string[]): ErrorAnswer | undefined {
  const version = req.url.searchParams.get('api-version');
  if (!version) return armError(400, 'MissingApiVersionParameter', ARM_MESSAGES.apiVersionMissing);
  if (!supported.includes(version))
    return armError(400, 'InvalidApiVersionParameter', ARM_MESSAGES.apiVersionUnsupported(version, supported));
  return undefined;
}

const isReader = (ctx: EmulatorContext) => !(ctx.config.facet.withhold ?? []).includes('arm:Reader');

function managedInstance(ctx: EmulatorContext, req: EmulatorRequest, caller: Caller, m: RegExpExecArray): Answer {
  const [, subscription = '', group = '', name = ''] = m;
  const { tenant } = ctx.config;
  const scope =
    `/subscriptions/${subscription}/resourceGroups/${group}` + `/providers/Microsoft.Sql/managedInstances/${name}`;
  if (!isReader(ctx))
    return armError(
      403,
      'AuthorizationFailed',
      ARM_MESSAGES.authorizationFailed(caller.upn, caller.oid, 'Microsoft.Sql/managedInstances/read', scope),
    );
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (
    !same(subscription, tenant.subscriptionId) ||
    !same(group, tenant.resourceGroup) ||
    !same(name, tenant.instance.name)
  )
    return armError(404, 'ResourceNotFound', ARM_MESSAGES.notFound('Microsoft.Sql/managedInstances', name, group));
  const expand = (req.url.searchParams.get('$expand') ?? '').toLowerCase();
  return {
    status: 200,
    body: managedInstanceDocument(tenant, ctx.config.facet, expand.includes('administrators/activedirectory')),
  };
}

/** The value at a dotted PATH of ROW (`properties.fullyQualifiedDomainName`). */
function valueAt(row: Record<string, unknown>, path: string): unknown {
  let value: unknown = row;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

/** Applies the query's last `| project a, b = c.d, ...` to ROW (KQL names an unaliased `c.d` column `c_d`). */
export function projectRow(query: string, row: Record<string, unknown>): Record<string, unknown> {
  const projections = [...query.matchAll(/\|\s*project\s+([^|]+)/gi)];
  const last = projections.at(-1)?.[1];
  if (!last) return row;
  const out: Record<string, unknown> = {};
  for (const item of last.split(',')) {
    const [left = '', right] = item.split('=').map((part) => part.trim());
    const path = right ?? left;
    const column = right === undefined ? path.replace(/\./g, '_') : left;
    if (/^[A-Za-z_][\w.]*$/.test(path)) out[column] = valueAt(row, path) ?? null;
  }
  return out;
}

function resourceGraph(ctx: EmulatorContext, req: EmulatorRequest): Answer | ErrorAnswer {
  let request: { query?: unknown; subscriptions?: unknown };
  try {
    request = JSON.parse(req.body) as typeof request;
  } catch {
    return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
  }
  if (typeof request.query !== 'string' || request.query.trim() === '')
    return armError(400, 'BadRequest', 'Please provide a query.');
  const { tenant, facet } = ctx.config;
  const query = request.query.toLowerCase();
  const publicFqdn = `${tenant.instance.name}.public.${tenant.instance.dnsZone}.database.windows.net`;
  const subscriptions = Array.isArray(request.subscriptions) ? request.subscriptions.map(String) : undefined;
  const inScope = !subscriptions || subscriptions.some((s) => s.toLowerCase() === tenant.subscriptionId);
  const names = query.includes(tenant.instance.fqdn.toLowerCase()) || query.includes(publicFqdn.toLowerCase());
  const found = isReader(ctx) && inScope && names && query.includes('microsoft.sql/managedinstances');
  const rows = found ? [projectRow(request.query, resourceGraphRow(tenant, facet))] : [];
  return { status: 200, body: resourceGraphDocument(rows) };
}

/** Answers ARM's paths; undefined for a path that is not one of them. */
export function armEndpoint(ctx: EmulatorContext, req: EmulatorRequest): Answer | ErrorAnswer | undefined {
  const path = req.url.pathname;
  const instance = MANAGED_INSTANCE_PATH.exec(path);
  const graph = RESOURCE_GRAPH_PATH.test(path);
  if (!instance && !graph) return undefined;
  const caller = authenticate(ctx, req);
  if ('status' in caller) return caller;
  if (instance && req.method === 'GET')
    return apiVersionProblem(req, MANAGED_INSTANCE_API_VERSIONS) ?? managedInstance(ctx, req, caller, instance);
  if (graph && req.method === 'POST')
    return apiVersionProblem(req, RESOURCE_GRAPH_API_VERSIONS) ?? resourceGraph(ctx, req);
  return armError(405, 'MethodNotAllowed', `The requested resource does not support http method '${req.method}'.`);
}
