// The instance's side, read from Azure: found by its name with Resource Graph (across the subscriptions the
// account reads; the public endpoint's `<mi>.public.<zone>` name too), then read from ARM — its Kerberos service
// principal, its Microsoft Entra admin, its connection type and its public endpoint.
import type { AdminCheck, AdminFact, AdminInstance } from '../../contract/admin';
import { managedInstanceName } from '../../contract/azure';
import { KerbProbeError, UsageError } from '../errors';
import {
  ARM_MI_GET,
  MI_CONNECTION_TYPES,
  MI_ENTRA_ADMIN,
  MI_KERBEROS,
  MI_PUBLIC_ENDPOINT,
  RESOURCE_GRAPH,
} from '../diagnose/sources/admin-pages';
import { adminCheck, isForbidden, noAnswer, saidBy, unreadable } from './admin-check';
import type { AdminEndpoints } from './admin-config';
import type { AzureHttp } from './azure-http';
import { ManagedInstanceSchema, ResourceGraphAnswerSchema, type ManagedInstance } from './azure-shapes';
import type { TokenSource } from './azure-sign-in';

/** A stable api-version of each API (the specifications' stable folders). */
export const API_VERSIONS = { resourceGraph: '2024-04-01', managedInstances: '2023-08-01' } as const;

export interface AdminContext {
  http: AzureHttp;
  token: TokenSource;
  endpoints: AdminEndpoints;
  signal?: AbortSignal;
}

/** The name as the check takes it, and the instance's own FQDN (the public endpoint's name maps to it). */
export interface InstanceName {
  asked: string;
  fqdn: string;
  publicEndpoint: boolean;
}

/**
 * `<mi>.<zone>.database.windows.net` or `<mi>.public.<zone>.database.windows.net` (sql-docs public-endpoint-
 * configure.md): the Resource Graph row carries the first. Letters, digits, hyphens and dots only — the name
 * goes into a query.
 */
export function instanceName(server: string): InstanceName {
  const asked = server.trim().toLowerCase().replace(/\.$/, '');
  if (!/^[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))+$/.test(asked) || asked.length > 253)
    throw new UsageError(`not a managed instance's host name: ${server}`, 'INPUT_SERVER_INVALID');
  const parts = managedInstanceName(asked);
  const publicEndpoint = parts?.publicEndpoint ?? false;
  const fqdn = parts && publicEndpoint ? `${parts.instance}.${parts.zone}.${parts.suffix}` : asked;
  return { asked, fqdn, publicEndpoint };
}

/** The Resource Graph query: managed instances whose FQDN is the name's (KQL `=~` is case-insensitive). */
export function lookupQuery(name: InstanceName): string {
  return (
    "Resources | where type =~ 'microsoft.sql/managedinstances' " +
    `| where tostring(properties.fullyQualifiedDomainName) =~ '${name.fqdn}' ` +
    '| project id, name, subscriptionId, resourceGroup, tenantId, fqdn = properties.fullyQualifiedDomainName'
  );
}

/** `/subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.Sql/managedInstances/{name}`. */
const MI_RESOURCE_ID =
  /^\/subscriptions\/[\w-]+\/resourceGroups\/[\w.()-]+\/providers\/Microsoft\.Sql\/managedInstances\/[a-z0-9-]+$/i;

export interface Found {
  check: AdminCheck;
  instance: AdminInstance | null;
}

export async function findInstance(ctx: AdminContext, name: InstanceName): Promise<Found> {
  const token = await ctx.token(ctx.endpoints.armScope, ctx.signal);
  let answer;
  try {
    answer = await ctx.http(
      {
        method: 'POST',
        url:
          `${ctx.endpoints.arm}/providers/Microsoft.ResourceGraph/resources` +
          `?api-version=${API_VERSIONS.resourceGraph}`,
        token,
        body: { query: lookupQuery(name), options: { resultFormat: 'objectArray', $top: 10 } },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
      ResourceGraphAnswerSchema,
    );
  } catch (err) {
    if (!(err instanceof KerbProbeError)) throw err;
    return { check: noAnswer('find-instance', err.message, RESOURCE_GRAPH), instance: null };
  }
  if (!answer.ok)
    return {
      check: isForbidden(answer.error)
        ? unreadable('find-instance', answer.error, RESOURCE_GRAPH)
        : noAnswer('find-instance', saidBy(answer.error), RESOURCE_GRAPH),
      instance: null,
    };
  // The row's id goes into the next request's path: only a managed instance's ARM id is taken.
  const rows = answer.value.data.filter(
    (row) => (row.fqdn ?? '').toLowerCase() === name.fqdn && MI_RESOURCE_ID.test(row.id),
  );
  const fact: AdminFact = { kind: 'admin-lookup', server: name.asked, matches: rows.length };
  const row = rows[0];
  if (!row) return { check: adminCheck('find-instance', 'fail', [], [fact], RESOURCE_GRAPH), instance: null };
  const inId = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(row.id);
  const instance: AdminInstance = {
    resourceId: row.id,
    name: row.name,
    subscriptionId: row.subscriptionId ?? inId?.[1] ?? '',
    resourceGroup: row.resourceGroup ?? inId?.[2] ?? '',
    fqdn: row.fqdn ?? name.fqdn,
    tenantId: row.tenantId ?? null,
  };
  const lines = [
    `${row.fqdn ?? name.fqdn}: ${row.id}`,
    ...(name.publicEndpoint ? [`asked by its public endpoint's name ${name.asked}`] : []),
    ...(rows.length > 1 ? [`${rows.length} instances answer to this name; the first is read`] : []),
  ];
  return { check: adminCheck('find-instance', 'pass', lines, [fact], RESOURCE_GRAPH), instance };
}

export type InstanceRead = { ok: true; mi: ManagedInstance } | { ok: false; checks: AdminCheck[] };

const ARM_CHECKS = ['service-principal', 'entra-admin', 'connection-type', 'public-endpoint'] as const;

/** The instance read once from ARM, with its Entra admin; the four checks share the answer. */
export async function readInstance(ctx: AdminContext, instance: AdminInstance): Promise<InstanceRead> {
  const token = await ctx.token(ctx.endpoints.armScope, ctx.signal);
  const url =
    `${ctx.endpoints.arm}${instance.resourceId}?api-version=${API_VERSIONS.managedInstances}` +
    `&$expand=${encodeURIComponent('administrators/activedirectory')}`;
  try {
    const answer = await ctx.http(
      { method: 'GET', url, token, ...(ctx.signal ? { signal: ctx.signal } : {}) },
      ManagedInstanceSchema,
    );
    if (answer.ok) return { ok: true, mi: answer.value };
    const forbidden = isForbidden(answer.error);
    return {
      ok: false,
      checks: ARM_CHECKS.map((id) =>
        forbidden ? unreadable(id, answer.error, ARM_MI_GET) : noAnswer(id, saidBy(answer.error), ARM_MI_GET),
      ),
    };
  } catch (err) {
    if (!(err instanceof KerbProbeError)) throw err;
    return { ok: false, checks: ARM_CHECKS.map((id) => noAnswer(id, err.message, ARM_MI_GET)) };
  }
}

/** The four checks of the instance as ARM shows it. */
export function instanceChecks(mi: ManagedInstance, name: InstanceName): AdminCheck[] {
  const p = mi.properties;
  const sp = p.servicePrincipal ?? null;
  const principal: AdminFact = {
    kind: 'admin-principal',
    instance: mi.name,
    type: sp?.type ?? null,
    clientId: sp?.clientId ?? null,
  };
  const admin = p.administrators ?? null;
  const entraAdmin: AdminFact = {
    kind: 'admin-entra-admin',
    instance: mi.name,
    login: admin?.login ?? null,
    principalType: admin?.principalType ?? null,
    azureADOnly: admin?.azureADOnlyAuthentication ?? null,
  };
  const connection: AdminFact = {
    kind: 'admin-connection',
    instance: mi.name,
    proxyOverride: p.proxyOverride ?? null,
    publicEndpoint: p.publicDataEndpointEnabled ?? null,
  };
  return [
    adminCheck(
      'service-principal',
      sp?.type === 'SystemAssigned' ? 'pass' : 'fail',
      sp?.principalId ? [`principalId ${sp.principalId}`] : [],
      [principal],
      MI_KERBEROS,
    ),
    adminCheck('entra-admin', admin?.login ? 'pass' : 'fail', [], [entraAdmin], MI_ENTRA_ADMIN),
    adminCheck(
      'connection-type',
      p.proxyOverride === 'Redirect' ? 'warn' : 'pass',
      p.proxyOverride === 'Redirect' && name.publicEndpoint
        ? ['the public endpoint (3342) always uses Proxy: Redirect applies to the VNet-local endpoint (1433)']
        : [],
      [connection],
      MI_CONNECTION_TYPES,
    ),
    publicEndpointCheck(p.publicDataEndpointEnabled ?? null, name, p.dnsZone ?? null),
  ];
}

/** The public endpoint: enabled or not, and what a client using it needs (port 3342; its name is under the zone). */
function publicEndpointCheck(enabled: boolean | null, name: InstanceName, zone: string | null): AdminCheck {
  const host = name.fqdn.split('.');
  const publicName = zone ? `${host[0]}.public.${host.slice(1).join('.')}` : null;
  const lines =
    enabled === true
      ? [
          `enabled: ${publicName ?? '<mi>.public.<zone>.database.windows.net'},3342 — ` +
            'the client must reach TCP 3342 ' +
            'and its KerbTopLevelNames must take in the name (.windows.net does)',
        ]
      : enabled === false
        ? ['disabled: clients connect to the VNet-local endpoint on 1433']
        : ['not shown by ARM'];
  // Asked by the public name while it is disabled: the name resolves to nothing the user can reach.
  const status = name.publicEndpoint && enabled === false ? 'warn' : 'pass';
  if (status === 'warn') lines.push(`the name asked (${name.asked}) is the public endpoint's, which is disabled`);
  return adminCheck('public-endpoint', status, lines, [], MI_PUBLIC_ENDPOINT);
}
