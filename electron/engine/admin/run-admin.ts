// `kerbprobe admin` end to end: sign in, find the instance by its name, read it from ARM, read its principal, the
// consent and the Conditional Access policies from Microsoft Graph (and its sign-ins when asked), then diagnose/
// reads the facts of every check — the same judge as for a user's check — and one AdminReport comes out. No
// token is in it: tokens live in azure-sign-in.ts and azure-http.ts only.
import {
  ADMIN_REPORT_FORMAT,
  ADMIN_SCHEMA_VERSION,
  AdminReportSchema,
  type AdminCheck,
  type AdminCheckId,
  type AdminReport,
  type AdminRequest,
  type AdminSignInMethod,
} from '../../contract/admin';
import { TOOL_VERSION } from '../version';
import { analyzeEvidence } from '../diagnose/classify';
import { forHelpdesk } from '../diagnose/catalog';
import type { Evidence } from '../diagnose/evidence';
import {
  GRAPH_CA_LIST,
  GRAPH_GRANTS,
  GRAPH_SIGN_INS,
  GRAPH_SP_GET,
  MI_CONNECTION_TYPES,
  MI_ENTRA_ADMIN,
  MI_KERBEROS,
  MI_PUBLIC_ENDPOINT,
} from '../diagnose/sources/admin-pages';
import { skipped } from './admin-check';
import type { AdminRunOptions as AdminCallOptions } from '../../contract/engine';
import { adminSettings } from './admin-config';
import { createAzureHttp, type AzureHttp } from './azure-http';
import { agentFor, signIn, type TokenSource } from './azure-sign-in';
import { adminConsent, conditionalAccess, entraPrincipal, factLine, signIns } from './entra-checks';
import { findInstance, instanceChecks, instanceName, readInstance, type AdminContext } from './instance-checks';

type AdminPromptSink = AdminCallOptions['onPrompt'];

export interface AdminRunOptions {
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** The sign-in prompt (device code), neutralised; the CLI writes it to stderr, the app shows it. */
  onPrompt: AdminPromptSink;
  signal?: AbortSignal;
  /** A test's own transport and tokens (the real ones otherwise). */
  http?: AzureHttp;
  token?: TokenSource;
}

const SOURCES: Record<AdminCheckId, string> = {
  'find-instance': MI_KERBEROS,
  'service-principal': MI_KERBEROS,
  'entra-admin': MI_ENTRA_ADMIN,
  'connection-type': MI_CONNECTION_TYPES,
  'public-endpoint': MI_PUBLIC_ENDPOINT,
  'entra-principal': GRAPH_SP_GET,
  'admin-consent': GRAPH_GRANTS,
  'conditional-access': GRAPH_CA_LIST,
  'sign-ins': GRAPH_SIGN_INS,
};

/** Every check after the first that could not run, said so. */
function skipRest(from: readonly AdminCheckId[], why: string): AdminCheck[] {
  return from.map((id) => skipped(id, why, SOURCES[id]));
}

const ENTRA_CHECKS: AdminCheckId[] = ['entra-principal', 'admin-consent', 'conditional-access', 'sign-ins'];
const ARM_CHECKS: AdminCheckId[] = ['service-principal', 'entra-admin', 'connection-type', 'public-endpoint'];

/** The Graph checks for the principal ARM named. */
async function entraChecks(ctx: AdminContext, clientId: string, request: AdminRequest): Promise<AdminCheck[]> {
  const { check, principal } = await entraPrincipal(ctx, clientId);
  const checks = [check];
  checks.push(
    principal
      ? await adminConsent(ctx, clientId, principal)
      : skipped('admin-consent', 'no service principal to read the consent of', GRAPH_GRANTS),
  );
  // Conditional Access is read whether or not the principal was found: a policy names the appId either way.
  checks.push(await conditionalAccess(ctx, clientId));
  checks.push(
    request.signIns ? await signIns(ctx, clientId) : skipped('sign-ins', 'not asked for (--sign-ins)', GRAPH_SIGN_INS),
  );
  return checks;
}

/** The checks in order, each ending in facts and lines. */
async function runChecks(ctx: AdminContext, request: AdminRequest) {
  const name = instanceName(request.server);
  const found = await findInstance(ctx, name);
  if (!found.instance)
    return {
      instance: null,
      checks: [found.check, ...skipRest([...ARM_CHECKS, ...ENTRA_CHECKS], 'the instance was not found')],
    };
  const read = await readInstance(ctx, found.instance);
  if (!read.ok)
    return {
      instance: found.instance,
      checks: [found.check, ...read.checks, ...skipRest(ENTRA_CHECKS, 'the instance could not be read')],
    };
  const arm = instanceChecks(read.mi, name);
  const clientId = read.mi.properties.servicePrincipal?.clientId ?? null;
  const entra = clientId
    ? await entraChecks(ctx, clientId, request)
    : skipRest(ENTRA_CHECKS, 'the instance has no service principal (no clientId) to look up in Microsoft Entra ID');
  return {
    instance: { ...found.instance, tenantId: read.mi.properties.servicePrincipal?.tenantId ?? found.instance.tenantId },
    checks: [found.check, ...arm, ...entra],
  };
}

/** Each check's facts said first in its lines, the words diagnose/'s sources use. */
function withFactLines(check: AdminCheck): AdminCheck {
  return { ...check, evidence: [...check.facts.map(factLine), ...check.evidence] };
}

export async function runAdmin(request: AdminRequest, options: AdminRunOptions): Promise<AdminReport> {
  const settings = adminSettings(
    {
      ...(request.method ? { method: request.method } : {}),
      ...(request.tenant ? { tenant: request.tenant } : {}),
      ...(request.clientId ? { clientId: request.clientId } : {}),
    },
    options.env,
  );
  const name = instanceName(request.server);
  const agent = agentFor(settings);
  const token = options.token ?? (await signIn(settings, agent, options.onPrompt, options.now));
  const ctx: AdminContext = {
    http: options.http ?? createAzureHttp(agent ? { agent } : {}),
    token,
    endpoints: settings.endpoints,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const capturedAt = options.now().toISOString();
  const { instance, checks } = await runChecks(ctx, request);
  const evidence = checks.flatMap((c) => c.facts) as Evidence[];
  const diagnosis = evidence.length ? analyzeEvidence(evidence).diagnosis : null;
  return AdminReportSchema.parse({
    format: ADMIN_REPORT_FORMAT,
    schemaVersion: ADMIN_SCHEMA_VERSION,
    tool: { name: 'kerbprobe', version: TOOL_VERSION },
    server: name.asked,
    capturedAt,
    signIn: settings.method satisfies AdminSignInMethod,
    instance,
    checks: checks.map(withFactLines),
    diagnosis: diagnosis ? forHelpdesk(diagnosis) : null,
    redacted: false,
  });
}
