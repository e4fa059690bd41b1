// What `kerbprobe admin --json` prints, the app's "Instance and tenant" view shows and `analyze` reads beside a
// user's report or bundle: the instance's and the tenant's side of Windows Authentication, read by a signed-in
// helpdesk or Azure administrator. Each check ends as facts (the evidence diagnose/ reads, one kind per source
// under engine/diagnose/sources/admin-*-evidence.ts) and lines for people; a check the account may not read
// says which permission or role it lacks. No token ever appears here; tenant, subscription and object ids are
// redactable (ADMIN_FIELD_KINDS).
import { z } from 'zod';
import { DiagnosisSchema } from './report';
import { readClientId, readTenant, type AdminInputResult } from './admin-input';

export const ADMIN_REPORT_FORMAT = 'kerbprobe-admin-report' as const;
export const ADMIN_SCHEMA_VERSION = 1 as const;

/** The checks, in the order they run and are shown. */
export const ADMIN_CHECK_TITLES = {
  'find-instance': 'Instance found by its name',
  'service-principal': "The instance's Kerberos service principal",
  'entra-admin': 'Microsoft Entra authentication and admin',
  'connection-type': 'Connection type (Proxy or Redirect)',
  'public-endpoint': 'Public endpoint',
  'entra-principal': 'The "<instance> principal" in Microsoft Entra ID',
  'admin-consent': 'Admin consent for the principal',
  'conditional-access': 'Conditional Access policies',
  'sign-ins': 'Recent sign-ins of the principal',
} as const;
export type AdminCheckId = keyof typeof ADMIN_CHECK_TITLES;
export const ADMIN_CHECK_IDS = Object.keys(ADMIN_CHECK_TITLES) as [AdminCheckId, ...AdminCheckId[]];

/**
 * `unreadable`: the signed-in account may not read it (the permission or role it lacks is named);
 * `skipped`: an earlier check's answer made it impossible (no instance, no principal to look up).
 */
export const ADMIN_CHECK_STATUSES = ['pass', 'fail', 'warn', 'unreadable', 'skipped'] as const;
export type AdminCheckStatus = (typeof ADMIN_CHECK_STATUSES)[number];

const id = z.string().max(200);
const text = z.string().max(2000);

/** What the account lacked, as the service said it (its error code) and as the least privilege that reads it. */
export const MissingAccessSchema = z
  .object({
    /** The HTTP status and the service's error code (`403 Authorization_RequestDenied`, `403 AuthorizationFailed`). */
    said: text,
    /** The least-privileged permission that reads it (Graph delegated permission or Azure RBAC role). */
    permission: text,
    /** The directory role (Graph) or the role assignment (ARM) a delegated caller needs too. */
    role: text,
  })
  .strict();
export type MissingAccess = z.infer<typeof MissingAccessSchema>;

// The facts: each is one kind of evidence diagnose/ reads (the source module of the same name reads it).
export const AdminLookupFactSchema = z
  .object({ kind: z.literal('admin-lookup'), server: id, matches: z.number().int().nonnegative() })
  .strict();
export const AdminPrincipalFactSchema = z
  .object({
    kind: z.literal('admin-principal'),
    instance: id,
    /** ARM `servicePrincipal.type`: `SystemAssigned` or `None`; null when the instance has no servicePrincipal. */
    type: id.nullable(),
    clientId: id.nullable(),
  })
  .strict();
export const AdminEntraAdminFactSchema = z
  .object({
    kind: z.literal('admin-entra-admin'),
    instance: id,
    /** `administrators.login` of the instance read with `$expand=administrators/activedirectory`; null: none set. */
    login: id.nullable(),
    principalType: id.nullable(),
    azureADOnly: z.boolean().nullable(),
  })
  .strict();
export const AdminConnectionFactSchema = z
  .object({
    kind: z.literal('admin-connection'),
    instance: id,
    /** ARM `proxyOverride`: `Proxy`, `Redirect` or `Default`. */
    proxyOverride: id.nullable(),
    publicEndpoint: z.boolean().nullable(),
  })
  .strict();
export const AdminEntraAppFactSchema = z
  .object({
    kind: z.literal('admin-entra-app'),
    clientId: id,
    found: z.boolean(),
    displayName: id.nullable(),
    accountEnabled: z.boolean().nullable(),
  })
  .strict();
export const AdminConsentFactSchema = z
  .object({
    kind: z.literal('admin-consent'),
    clientId: id,
    /** Each permission the application requests (`<resource>: <permission>`) without a tenant-wide grant. */
    missing: z.array(id).max(200),
    granted: z.array(id).max(200),
  })
  .strict();
export const AdminCaPolicyFactSchema = z
  .object({
    kind: z.literal('admin-ca-policy'),
    policyId: id,
    name: id,
    state: id,
    /** The grant controls as Graph names them (`mfa`, `block`, `authenticationStrength`, …). */
    controls: z.array(id).max(50),
    /** `blocks`: no control a Kerberos ticket request can satisfy; `may-block`: one depends on the device. */
    effect: z.enum(['blocks', 'may-block']),
  })
  .strict();
export const AdminUnreadableFactSchema = z
  .object({
    kind: z.literal('admin-unreadable'),
    check: z.enum(ADMIN_CHECK_IDS),
    status: z.number().int(),
    said: text,
    permission: text,
    role: text,
  })
  .strict();

export const AdminFactSchema = z.discriminatedUnion('kind', [
  AdminLookupFactSchema,
  AdminPrincipalFactSchema,
  AdminEntraAdminFactSchema,
  AdminConnectionFactSchema,
  AdminEntraAppFactSchema,
  AdminConsentFactSchema,
  AdminCaPolicyFactSchema,
  AdminUnreadableFactSchema,
]);
export type AdminFact = z.infer<typeof AdminFactSchema>;
export type AdminFactOf<K extends AdminFact['kind']> = Extract<AdminFact, { kind: K }>;

export const AdminCheckSchema = z
  .object({
    id: z.enum(ADMIN_CHECK_IDS),
    title: text,
    status: z.enum(ADMIN_CHECK_STATUSES),
    /** What was read, one line each, neutralised (names as the service gave them; redactable). */
    evidence: z.array(text).max(200),
    /** When `unreadable`: what the account lacks. */
    missing: MissingAccessSchema.nullable(),
    facts: z.array(AdminFactSchema).max(200),
    /** The Microsoft page the check rests on. */
    source: text,
  })
  .strict();
export type AdminCheck = z.infer<typeof AdminCheckSchema>;

export const AdminInstanceSchema = z
  .object({
    /** The ARM resource id (`/subscriptions/…/managedInstances/<name>`). */
    resourceId: id,
    name: id,
    subscriptionId: id,
    resourceGroup: id,
    fqdn: id,
    tenantId: id.nullable(),
  })
  .strict();
export type AdminInstance = z.infer<typeof AdminInstanceSchema>;

export const ADMIN_SIGN_IN_METHODS = ['device-code', 'azure-cli'] as const;
export type AdminSignInMethod = (typeof ADMIN_SIGN_IN_METHODS)[number];

export const AdminReportSchema = z
  .object({
    format: z.literal(ADMIN_REPORT_FORMAT),
    schemaVersion: z.literal(ADMIN_SCHEMA_VERSION),
    tool: z.object({ name: z.literal('kerbprobe'), version: id }).strict(),
    /** The name the instance was asked by (as the user's check takes it). */
    server: id,
    capturedAt: z.string().min(1).max(40),
    signIn: z.enum(ADMIN_SIGN_IN_METHODS),
    instance: AdminInstanceSchema.nullable(),
    checks: z.array(AdminCheckSchema).max(ADMIN_CHECK_IDS.length),
    /** The instance's and tenant's root cause (diagnose/ picks it from the facts); null when nothing failed. */
    diagnosis: DiagnosisSchema.nullable(),
    redacted: z.boolean(),
  })
  .strict();
export type AdminReport = z.infer<typeof AdminReportSchema>;

/** A text field read by one of contract/admin-input.ts's readers: its value, or an issue carrying the stable code. */
function readWith(read: (raw: string) => AdminInputResult) {
  return z
    .string()
    .max(300)
    .transform((text, ctx) => {
      const result = read(text);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message, params: { code: result.code } });
      return z.NEVER;
    });
}

/** A tenant id (GUID), a tenant domain or `organizations`: the CLI's `--tenant`, the form's field, admin:run's. */
export const AdminTenantSchema = readWith((raw) => readTenant(raw));
/** An app registration's application (client) id, a GUID: the CLI's `--client-id`, the form's field, admin:run's. */
export const AdminClientIdSchema = readWith((raw) => readClientId(raw));

/** What `kerbprobe admin` and the app's view ask for: the instance by its name, and how to sign in. */
export const AdminRequestSchema = z
  .object({
    server: z.string().min(1).max(253),
    method: z.enum(ADMIN_SIGN_IN_METHODS).optional(),
    /** A tenant id or domain; default `organizations` (the account's home tenant). */
    tenant: AdminTenantSchema.optional(),
    /** The organisation's public-client app registration (docs/admin.md); default: the identity library's. */
    clientId: AdminClientIdSchema.optional(),
    /** Read the principal's recent sign-ins too (AuditLog.Read.All, a P1/P2 licence). */
    signIns: z.boolean().optional(),
    redact: z.boolean().optional(),
  })
  .strict();
export type AdminRequest = z.infer<typeof AdminRequestSchema>;

/** An admin report's text held to the schema: the report, or why not (the JSON, or the first problem by its path). */
export type AdminReportReading = { ok: true; report: AdminReport } | { ok: false; notJson: boolean; problem: string };

/** The one reading of a saved admin report, for the engine's `analyze` and the app's main process alike. */
export function parseAdminReport(text: string): AdminReportReading {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, notJson: true, problem: 'the JSON does not parse' };
  }
  const parsed = AdminReportSchema.safeParse(json);
  if (parsed.success) return { ok: true, report: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    notJson: false,
    problem: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid',
  };
}

/** An admin report's JSON is recognised by its format field in the first bytes, before any other reader. */
export function looksLikeAdminReport(text: string): boolean {
  return /^\s*\{/.test(text) && new RegExp(`"format"\\s*:\\s*"${ADMIN_REPORT_FORMAT}"`).test(text.slice(0, 4096));
}

/**
 * What each string field of an admin report holds, for redaction (engine/report/redact.ts's
 * redactAdminReport): `tenant`, `subscription` and `object` are Azure and Entra ids (GUIDs), each replaced by
 * its own placeholder kind; `resource-id` is an ARM id whose subscription, group and name are replaced
 * inside it. A field not listed is free text (scanned like a report's).
 */
export type AdminFieldKind = 'fixed' | 'text' | 'host' | 'user' | 'tenant' | 'subscription' | 'object' | 'org';
export const ADMIN_FIELD_KINDS: Readonly<Record<string, AdminFieldKind>> = {
  format: 'fixed',
  'tool.name': 'fixed',
  'tool.version': 'fixed',
  server: 'host',
  capturedAt: 'fixed',
  signIn: 'fixed',
  'instance.name': 'host',
  'instance.subscriptionId': 'subscription',
  'instance.resourceGroup': 'org',
  'instance.fqdn': 'host',
  'instance.tenantId': 'tenant',
  'checks[].id': 'fixed',
  'checks[].title': 'fixed',
  'checks[].status': 'fixed',
  'checks[].source': 'fixed',
  'checks[].missing.permission': 'fixed',
  'checks[].missing.role': 'fixed',
  'checks[].facts[].kind': 'fixed',
  'checks[].facts[].server': 'host',
  'checks[].facts[].instance': 'host',
  'checks[].facts[].type': 'fixed',
  'checks[].facts[].clientId': 'object',
  'checks[].facts[].login': 'user',
  'checks[].facts[].principalType': 'fixed',
  'checks[].facts[].proxyOverride': 'fixed',
  'checks[].facts[].policyId': 'object',
  'checks[].facts[].name': 'org',
  'checks[].facts[].state': 'fixed',
  'checks[].facts[].controls[]': 'fixed',
  'checks[].facts[].effect': 'fixed',
  'checks[].facts[].check': 'fixed',
  'checks[].facts[].permission': 'fixed',
  'checks[].facts[].role': 'fixed',
  'diagnosis.code': 'fixed',
};
