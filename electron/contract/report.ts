// The one document that flows target → steps → CheckReport → CLI, reports and UI.
// Schemas validate at every trust boundary (IPC, `kerbprobe analyze`, the app's "open report").
import { z } from 'zod';
import { DIAGNOSIS_CODES } from './codes';
import { CHAIN_FLOWS } from './chain-flow';

export const REPORT_SCHEMA_VERSION = 1 as const;

const iso = z.string().min(1);

/** One ticket as shown to people: names, realms, times, flags, enctypes — never key or ticket bytes. */
export const TicketSchema = z.object({
  client: z.string(),
  clientRealm: z.string().optional(),
  server: z.string(),
  serverRealm: z.string(),
  start: iso.nullable(),
  end: iso.nullable(),
  renewUntil: iso.nullable(),
  authTime: iso.nullable().optional(),
  flags: z.array(z.string()),
  flagsHex: z.string().optional(),
  ticketEnctype: z.string().nullable(),
  sessionEnctype: z.string().nullable(),
  kdcCalled: z.string().optional(),
  cacheFlags: z.string().optional(),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const FindingSchema = z.object({
  code: z.string(),
  severity: z.enum(['info', 'warn', 'error']),
  message: z.string(),
  ticketIndex: z.number().int().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const HopSchema = z.object({
  kind: z.enum(['tgt', 'referral', 'service']),
  /** The realm whose KDC issued this ticket. */
  issuingRealm: z.string(),
  server: z.string(),
  serverRealm: z.string(),
  status: z.enum(['ok', 'expiring', 'expired', 'missing']),
  ticketIndex: z.number().int().nullable(),
  kdcCalled: z.string().optional(),
  note: z.string().optional(),
});
export type Hop = z.infer<typeof HopSchema>;

export const ChainSchema = z.object({
  flow: z.enum(CHAIN_FLOWS),
  userRealm: z.string().nullable(),
  targetRealm: z.string().nullable(),
  targetSpn: z.string().nullable(),
  hops: z.array(HopSchema),
  findings: z.array(FindingSchema),
});
export type Chain = z.infer<typeof ChainSchema>;

export const TicketSetSchema = z.object({
  source: z.string(),
  defaultPrincipal: z.string().nullable(),
  tickets: z.array(TicketSchema),
  chain: ChainSchema,
});
export type TicketSet = z.infer<typeof TicketSetSchema>;

export const DiagnosisSchema = z.object({
  code: z.enum(DIAGNOSIS_CODES),
  title: z.string(),
  cause: z.string(),
  fixUser: z.string(),
  fixHelpdesk: z.string(),
  evidence: z.array(z.string()),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;

/** Every step of a check, in display order, with its title: the one declaration of the step list. */
export const STEP_TITLES = {
  environment: 'Environment',
  device: 'Device, flow and session',
  'realm-mapping': 'Realm of the instance',
  'proxy-path': 'Proxy path to Microsoft Entra',
  dns: 'Name resolution',
  tcp: 'TCP reach to SQL',
  'kdc-user': "KDC of the user's realm",
  'kdc-cloud': 'Entra Kerberos KDC',
  'kdc-proxy': 'KDC proxy (MS-KKDCP)',
  clock: 'Clock skew',
  tgt: 'Ticket-granting ticket',
  referral: 'Cross-realm referral',
  'service-ticket': 'Service ticket',
  token: 'Kerberos token',
  tls: 'TLS',
  login: 'SQL login',
  redirect: 'Redirect',
  query: 'Verification query',
} as const;
export type StepId = keyof typeof STEP_TITLES;
export const STEP_IDS = Object.keys(STEP_TITLES) as [StepId, ...StepId[]];

export const StepSchema = z.object({
  id: z.enum(STEP_IDS),
  title: z.string(),
  status: z.enum(['pass', 'fail', 'warn', 'skip']),
  ms: z.number().nonnegative(),
  detail: z.string(),
  evidence: z.array(z.string()).optional(),
});
export type Step = z.infer<typeof StepSchema>;

export const TargetSchema = z.object({
  server: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  address: z.string().optional(),
  database: z.string().optional(),
  encrypt: z.enum(['strict', 'mandatory']),
  spn: z.string(),
  caFile: z.string().optional(),
  trustServerCertificate: z.boolean(),
  timeoutSeconds: z.number().positive(),
});
export type Target = z.infer<typeof TargetSchema>;

export const TlsInfoSchema = z.object({
  protocol: z.string().nullable(),
  subject: z.string().nullable(),
  issuer: z.string().nullable(),
  validTo: z.string().nullable(),
  nameMatches: z.boolean().nullable(),
  trusted: z.boolean().nullable(),
  trustServerCertificate: z.boolean(),
});
export type TlsInfo = z.infer<typeof TlsInfoSchema>;

export const SqlResultSchema = z.object({
  authScheme: z.string(),
  login: z.string(),
  server: z.string(),
  version: z.string(),
  encrypt: z.string(),
  netTransport: z.string().optional(),
  mutualAuth: z.boolean(),
  tdsVersion: z.string().optional(),
});
export type SqlResult = z.infer<typeof SqlResultSchema>;

export const CheckReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('kerbprobe'), version: z.string(), platform: z.string(), node: z.string() }),
  target: TargetSchema,
  startedAt: iso,
  verdict: z.enum(['pass', 'fail']),
  diagnosis: DiagnosisSchema.nullable(),
  steps: z.array(StepSchema),
  chain: ChainSchema.nullable(),
  tickets: z.array(TicketSchema),
  sql: SqlResultSchema.nullable(),
  tls: TlsInfoSchema.nullable(),
  redirect: z.object({ from: z.string(), to: z.string() }).nullable(),
  totalMs: z.number().nonnegative(),
  redacted: z.boolean(),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;

/**
 * A way a saved report contradicts itself (engine/report/report-consistency.ts finds them): an opened report
 * is evidence, not a verdict, and one whose parts disagree is shown as such.
 */
export const CONTRADICTION_KINDS = [
  'pass-with-failed-step',
  'pass-with-diagnosis',
  'pass-without-sql-session',
  'fail-without-diagnosis',
  'diagnosis-without-failed-step',
  'sql-session-without-login-step',
] as const;
export const ReportContradictionSchema = z.object({ kind: z.enum(CONTRADICTION_KINDS), message: z.string() });
export type ReportContradiction = z.infer<typeof ReportContradictionSchema>;

/** A saved report as the app opens it: the report, and every way it contradicts itself (empty when it agrees). */
export const OpenedReportSchema = z.object({
  report: CheckReportSchema,
  contradictions: z.array(ReportContradictionSchema),
});
export type OpenedReport = z.infer<typeof OpenedReportSchema>;

/**
 * What each string field of a CheckReport holds, for redaction (engine/report/redact.ts): every string leaf
 * of CheckReportSchema is declared here (test/contract/report.test.ts walks the schema and fails on a field
 * that is not), so a new field cannot escape "Redact names" unnoticed. `fixed`: enums, codes, times,
 * versions — never a name, left exactly as is. `text`: free text, scanned for names (addresses, user@domain,
 * tenant ids, SIDs, paths, ports…) and rewritten. The others name one thing of their kind, and every
 * occurrence of that name anywhere in the report is replaced by the same placeholder. A path not listed is
 * treated as `text`.
 */
export type ReportFieldKind = 'fixed' | 'text' | 'host' | 'principal' | 'realm' | 'user' | 'path' | 'database' | 'dn';
export const REPORT_FIELD_KINDS: Readonly<Record<string, ReportFieldKind>> = {
  'tool.name': 'fixed',
  'tool.version': 'fixed',
  'tool.platform': 'fixed',
  'tool.node': 'fixed',
  'target.server': 'host',
  'target.address': 'host',
  'target.database': 'database',
  'target.encrypt': 'fixed',
  'target.spn': 'principal',
  'target.caFile': 'path',
  startedAt: 'fixed',
  verdict: 'fixed',
  'diagnosis.code': 'fixed',
  'diagnosis.title': 'text',
  'diagnosis.cause': 'text',
  'diagnosis.fixUser': 'text',
  'diagnosis.fixHelpdesk': 'text',
  'diagnosis.evidence[]': 'text',
  'steps[].id': 'fixed',
  'steps[].title': 'text',
  'steps[].status': 'fixed',
  'steps[].detail': 'text',
  'steps[].evidence[]': 'text',
  'chain.flow': 'fixed',
  'chain.userRealm': 'realm',
  'chain.targetRealm': 'realm',
  'chain.targetSpn': 'principal',
  'chain.hops[].kind': 'fixed',
  'chain.hops[].issuingRealm': 'realm',
  'chain.hops[].server': 'principal',
  'chain.hops[].serverRealm': 'realm',
  'chain.hops[].status': 'fixed',
  'chain.hops[].kdcCalled': 'host',
  'chain.hops[].note': 'text',
  'chain.findings[].code': 'fixed',
  'chain.findings[].severity': 'fixed',
  'chain.findings[].message': 'text',
  'tickets[].client': 'user',
  'tickets[].clientRealm': 'realm',
  'tickets[].server': 'principal',
  'tickets[].serverRealm': 'realm',
  'tickets[].start': 'fixed',
  'tickets[].end': 'fixed',
  'tickets[].renewUntil': 'fixed',
  'tickets[].authTime': 'fixed',
  'tickets[].flags[]': 'fixed',
  'tickets[].flagsHex': 'fixed',
  'tickets[].ticketEnctype': 'fixed',
  'tickets[].sessionEnctype': 'fixed',
  'tickets[].kdcCalled': 'host',
  'tickets[].cacheFlags': 'fixed',
  'sql.authScheme': 'fixed',
  'sql.login': 'user',
  'sql.server': 'host',
  'sql.version': 'text',
  'sql.encrypt': 'fixed',
  'sql.netTransport': 'fixed',
  'sql.tdsVersion': 'fixed',
  'tls.protocol': 'fixed',
  'tls.subject': 'dn',
  'tls.issuer': 'dn',
  'tls.validTo': 'fixed',
  'redirect.from': 'host',
  'redirect.to': 'host',
};
