// The tenant's side, read from Microsoft Graph by the instance's clientId (ARM's servicePrincipal.clientId): the
// "<instance> principal" service principal, admin consent for what its application requests, the Conditional
// Access policies that refuse its Kerberos tickets, and (when asked) its recent sign-ins.
import type { z } from 'zod';
import type { AdminCheck, AdminCheckId, AdminFact } from '../../contract/admin';
import { KerbProbeError } from '../errors';
import { readEvidence } from '../diagnose/registry';
import { GRAPH_CA_LIST, GRAPH_GRANTS, GRAPH_SIGN_INS, GRAPH_SP_GET } from '../diagnose/sources/admin-pages';
import { adminCheck, isForbidden, noAnswer, saidBy, unreadable } from './admin-check';
import { consentFact } from './admin-consent';
import { sameOrigin, type AzureErrorAnswer } from './azure-http';
import {
  AppRoleAssignmentsPageSchema,
  ApplicationSchema,
  CaPoliciesPageSchema,
  GrantsPageSchema,
  ServicePrincipalSchema,
  SignInsPageSchema,
  type ServicePrincipal,
} from './azure-shapes';
import { readCaPolicy } from './conditional-access';
import type { AdminContext } from './instance-checks';

/** The most pages of one list followed (a page is up to 100–1000 items). */
const MAX_PAGES = 20;

/** An answer that ended in a check already (forbidden, no answer), or the value. */
type Read<T> = { ok: true; value: T } | { ok: false; error: AzureErrorAnswer | string };

async function graphGet<S extends z.ZodType>(ctx: AdminContext, path: string, schema: S): Promise<Read<z.infer<S>>> {
  const token = await ctx.token(ctx.endpoints.graphScope, ctx.signal);
  const url = path.startsWith('https://') ? path : `${ctx.endpoints.graph}/v1.0${path}`;
  try {
    const answer = await ctx.http({ method: 'GET', url, token, ...(ctx.signal ? { signal: ctx.signal } : {}) }, schema);
    return answer.ok ? { ok: true, value: answer.value } : { ok: false, error: answer.error };
  } catch (err) {
    if (!(err instanceof KerbProbeError)) throw err;
    return { ok: false, error: err.message };
  }
}

/** Every page of a list (`@odata.nextLink`, only on Graph's own origin), up to MAX_PAGES. */
async function graphList<T>(
  ctx: AdminContext,
  path: string,
  schema: z.ZodType<{ value: T[]; '@odata.nextLink'?: string | null | undefined }>,
): Promise<Read<T[]>> {
  const items: T[] = [];
  let next: string | null = path;
  for (let pages = 0; next && pages < MAX_PAGES; pages += 1) {
    const page: Read<{ value: T[]; '@odata.nextLink'?: string | null | undefined }> = await graphGet(ctx, next, schema);
    if (!page.ok) return page;
    items.push(...page.value.value);
    const link: string | null = page.value['@odata.nextLink'] ?? null;
    next = link && sameOrigin(link, ctx.endpoints.graph) ? link : null;
  }
  return { ok: true, value: items };
}

/** A read that failed, as its check: forbidden (what is missing) or no answer. */
function failedRead(id: AdminCheckId, error: AzureErrorAnswer | string, source: string): AdminCheck {
  if (typeof error === 'string') return noAnswer(id, error, source);
  return isForbidden(error) ? unreadable(id, error, source) : noAnswer(id, saidBy(error), source);
}

const quoteId = (id: string) => `'${id.replace(/'/g, "''")}'`;

export interface PrincipalRead {
  check: AdminCheck;
  principal: ServicePrincipal | null;
}

export async function entraPrincipal(ctx: AdminContext, clientId: string): Promise<PrincipalRead> {
  const read = await graphGet(
    ctx,
    `/servicePrincipals(appId=${quoteId(clientId)})` +
      '?$select=id,appId,displayName,accountEnabled,appRoleAssignmentRequired',
    ServicePrincipalSchema,
  );
  if (!read.ok) {
    // 404 Request_ResourceNotFound: no service principal has this appId — an answer, not a failure to read.
    if (typeof read.error !== 'string' && read.error.status === 404) {
      const fact: AdminFact = {
        kind: 'admin-entra-app',
        clientId,
        found: false,
        displayName: null,
        accountEnabled: null,
      };
      return { check: adminCheck('entra-principal', 'fail', [], [fact], GRAPH_SP_GET), principal: null };
    }
    return { check: failedRead('entra-principal', read.error, GRAPH_SP_GET), principal: null };
  }
  const sp = read.value;
  const fact: AdminFact = {
    kind: 'admin-entra-app',
    clientId,
    found: true,
    displayName: sp.displayName ?? null,
    accountEnabled: sp.accountEnabled ?? null,
  };
  const lines = [
    `object id ${sp.id}`,
    ...(sp.appRoleAssignmentRequired
      ? [
          '"Assignment required" is on: Microsoft documents that Entra Kerberos tickets cannot carry the assignment ' +
            '(Azure Files, error AADSTS50105)',
        ]
      : []),
  ];
  return {
    check: adminCheck('entra-principal', sp.accountEnabled === false ? 'fail' : 'pass', lines, [fact], GRAPH_SP_GET),
    principal: sp,
  };
}

/** The resource applications' service principals (their permission names, their object ids), by appId. */
async function resourcesOf(ctx: AdminContext, appIds: readonly string[]): Promise<Read<Map<string, ServicePrincipal>>> {
  const found = new Map<string, ServicePrincipal>();
  for (const appId of appIds.slice(0, 20)) {
    const read = await graphGet(
      ctx,
      `/servicePrincipals(appId=${quoteId(appId)})?$select=id,appId,displayName,oauth2PermissionScopes,appRoles`,
      ServicePrincipalSchema,
    );
    if (read.ok) found.set(appId.toLowerCase(), read.value);
    else if (typeof read.error === 'string' || read.error.status !== 404) return read;
  }
  return { ok: true, value: found };
}

export async function adminConsent(
  ctx: AdminContext,
  clientId: string,
  principal: ServicePrincipal,
): Promise<AdminCheck> {
  const app = await graphGet(
    ctx,
    `/applications(appId=${quoteId(clientId)})?$select=id,appId,displayName,requiredResourceAccess`,
    ApplicationSchema,
  );
  if (!app.ok) return failedRead('admin-consent', app.error, GRAPH_GRANTS);
  const wanted = app.value.requiredResourceAccess;
  const resources = await resourcesOf(
    ctx,
    wanted.map((w) => w.resourceAppId),
  );
  if (!resources.ok) return failedRead('admin-consent', resources.error, GRAPH_GRANTS);
  const grants = await graphList(ctx, `/servicePrincipals/${principal.id}/oauth2PermissionGrants`, GrantsPageSchema);
  if (!grants.ok) return failedRead('admin-consent', grants.error, GRAPH_GRANTS);
  const roles = new Set<string>();
  if (wanted.some((w) => w.resourceAccess.some((a) => a.type === 'Role'))) {
    const assigned = await graphList(
      ctx,
      `/servicePrincipals/${principal.id}/appRoleAssignments`,
      AppRoleAssignmentsPageSchema,
    );
    if (!assigned.ok) return failedRead('admin-consent', assigned.error, GRAPH_GRANTS);
    for (const a of assigned.value) roles.add(`${a.resourceId} ${a.appRoleId}`);
  }
  const fact = consentFact({
    clientId,
    application: app.value,
    resources: resources.value,
    grants: grants.value,
    roleAssignments: roles,
  });
  const lines = wanted.length ? [] : ['the application requests no permission: nothing to consent to'];
  return adminCheck('admin-consent', fact.missing.length ? 'fail' : 'pass', lines, [fact], GRAPH_GRANTS);
}

export async function conditionalAccess(ctx: AdminContext, clientId: string): Promise<AdminCheck> {
  const policies = await graphList(ctx, '/identity/conditionalAccess/policies', CaPoliciesPageSchema);
  if (!policies.ok) return failedRead('conditional-access', policies.error, GRAPH_CA_LIST);
  const facts: AdminFact[] = [];
  const lines: string[] = [`${policies.value.length} polic${policies.value.length === 1 ? 'y' : 'ies'} read`];
  for (const policy of policies.value) {
    const reading = readCaPolicy(policy, clientId);
    if (reading.fact) facts.push(reading.fact);
    if (reading.line) lines.push(reading.line);
  }
  const status = facts.some((f) => f.kind === 'admin-ca-policy' && f.effect === 'blocks')
    ? 'fail'
    : facts.length
      ? 'warn'
      : 'pass';
  if (status === 'pass') lines.push('no enabled policy refuses the principal a Kerberos ticket');
  return adminCheck('conditional-access', status, lines, facts, GRAPH_CA_LIST);
}

/**
 * The principal's recent sign-ins (v1.0 lists interactive sign-ins; whether a Kerberos ticket request is logged
 * under this appId is not documented): information only, never a finding.
 */
export async function signIns(ctx: AdminContext, clientId: string): Promise<AdminCheck> {
  const filter = encodeURIComponent(`appId eq ${quoteId(clientId)}`);
  const read = await graphGet(ctx, `/auditLogs/signIns?$filter=${filter}&$top=10`, SignInsPageSchema);
  if (!read.ok) return failedRead('sign-ins', read.error, GRAPH_SIGN_INS);
  const lines = read.value.value.map((s) => {
    const applied = (s.appliedConditionalAccessPolicies ?? [])
      .filter((p) => p.result === 'failure')
      .map((p) => `"${p.displayName ?? '?'}"`);
    return (
      `${s.createdDateTime}: error ${s.status?.errorCode ?? '?'}` +
      `${s.status?.failureReason ? ` (${s.status.failureReason})` : ''}` +
      `, Conditional Access ${s.conditionalAccessStatus ?? '?'}${applied.length ? ` by ${applied.join(', ')}` : ''}`
    );
  });
  return adminCheck(
    'sign-ins',
    'pass',
    lines.length ? lines : ['no sign-in logged for this appId'],
    [],
    GRAPH_SIGN_INS,
  );
}

/** What a fact says, for a check's lines: diagnose/'s reading of it (the words and notes a diagnosis uses). */
export const factLine = (fact: AdminFact): string => readEvidence(fact).line;
