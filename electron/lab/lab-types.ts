// The lab's shared vocabulary: scenario definitions, the lab.json document, and the contract between
// the Kerberos half of the lab (this folder) and the SQL half (electron/lab/tds/lab-sql.ts).
import type { DiagnosisCode } from '../contract/codes';
import type { LabCa } from './pki';

export const ONPREM_REALM = 'CONTOSO.TEST';
export { CLOUD_REALM } from '../contract/azure';

/** Whose TGT sits in the ccache after `lab up`: the trust-flow user, the cloud user, or nobody. */
export type ScenarioUser = 'trust' | 'cloud' | 'none';

/** State of one realm's KDC as the client sees it. */
export type KdcFacet =
  | 'up'
  | 'down' // the port is closed (the KDC was stopped after logon, or never started)
  | 'blackhole' // a listener accepts TCP and UDP and never answers
  | 'skewed'; // the KDC runs 10 minutes ahead (libfaketime)

export type SqlFacet =
  'down' | 'blackhole' | 'login-not-mapped' | 'tls-untrusted' | 'tls-name-mismatch' | 'redirect' | 'redirect-blocked';

export interface ScenarioDef {
  name: string;
  /** One line for `lab scenarios` and the app's demo picker. */
  summary: string;
  /** The diagnosis a correct check must reach; null means the check passes. */
  expectedCode: DiagnosisCode | null;
  user: ScenarioUser;
  /** 'expired': the TGT really was issued in the past by the on-prem KDC and has run out. */
  tgt: 'valid' | 'expired' | 'absent';
  onpremKdc: KdcFacet;
  cloudKdc: KdcFacet;
  /**
   * How the client reaches the cloud KDC: directly, via an MS-KKDCP proxy, via a proxy URL nobody serves, or via a
   * proxy whose certificate comes from another CA than the client trusts (what TLS inspection does).
   */
  cloudTransport: 'direct' | 'kdc-proxy' | 'kdc-proxy-down' | 'kdc-proxy-inspected';
  /** The cross-realm key krbtgt/KERBEROS.MICROSOFTONLINE.COM@CONTOSO.TEST. */
  trust: 'ok' | 'absent' | 'key-mismatch';
  /** The SQL service principal in the cloud KDC. */
  spn: 'ok' | 'missing' | 'stale-keytab';
  /**
   * 'aes128-only': the client permits only AES-128 while the cloud realm's trust and service keys (like Entra's) are
   * AES-256 only.
   */
  clientEnctypes: 'default' | 'aes128-only';
  sql?: SqlFacet;
  /**
   * 'policy-refused': the cloud KDC refuses the service ticket by policy (KDC_ERR_POLICY), as Microsoft Entra does
   * when Conditional Access applies to the instance's principal (Windows: `klist get` substatus 0x52f).
   */
  serviceTicket?: 'policy-refused';
  /** The instance's and the tenant's side, as the lab's Azure emulator answers (absent: a healthy tenant). */
  tenant?: TenantFacet;
}

/** A permission the helpdesk account lacks: a Graph permission (scope) or the ARM Reader role. */
export type WithheldPermission = 'graph:Policy.Read.All' | 'graph:Application.Read.All' | 'arm:Reader';

export interface TenantFacet {
  /** ARM `servicePrincipal.type`: the instance's Kerberos principal on (SystemAssigned) or off (None). */
  servicePrincipal?: 'SystemAssigned' | 'None';
  /** ARM `proxyOverride`, the connection type. */
  proxyOverride?: 'Default' | 'Proxy' | 'Redirect';
  /** 'block-all-apps': an enabled policy includes All cloud apps, excludes nothing, and requires MFA. */
  conditionalAccess?: 'none' | 'block-all-apps';
  /** Admin consent for what the instance's principal requests: granted (one AllPrincipals grant) or missing. */
  adminConsent?: 'granted' | 'missing';
  /** What the signed-in helpdesk account may not read. */
  withhold?: readonly WithheldPermission[];
}

export interface LabRealm {
  name: string;
  role: 'onprem' | 'cloud';
  /** `127.0.0.1:PORT` where this realm's KDC listens (or listened: a closed port in the *-down scenarios). */
  kdc: string;
  /** The MS-KKDCP URL the client uses for this realm, when it goes through a proxy. */
  proxyUrl?: string;
}

export interface LabUser {
  principal: string;
  flow: 'trust' | 'cloud';
}

export interface LabProcess {
  pid: number;
  /** What it is, for people reading lab.json: `kdc:CONTOSO.TEST`, `kdc-proxy`, `sql`... */
  role: string;
  /** /proc/PID/stat starttime (clock ticks since boot): guards against killing a recycled pid. */
  startTicks: number | null;
}

export interface LabRouting {
  server: string;
  port: number;
  spn: string;
}

/** The document `lab up` prints and writes to DIR/lab.json. */
export interface LabInfo {
  scenario: string;
  summary: string;
  expectedCode: DiagnosisCode | null;
  dir: string;
  /** What a client process needs to behave like the lab's signed-in user. */
  env: { KRB5_CONFIG: string; KRB5CCNAME: string; KERBPROBE_HOSTS: string; KERBPROBE_HISTORY: string } & Partial<
    Record<AzureEnvName, string>
  >;
  realms: LabRealm[];
  users: LabUser[];
  /** The principal whose TGT the ccache holds (or would hold); null when nobody is signed in. */
  user: string | null;
  server: string;
  /** Where the SQL endpoint's name leads: 127.0.0.1, or its relay's address when `--rtt` names `sql`. */
  address: string;
  port: number;
  spn: string;
  caFile: string;
  routing?: LabRouting;
  keytab: string;
  pids: number[];
  processes: LabProcess[];
  /** `lab up --rtt`: the round-trip time asked for each peer, in milliseconds. */
  rtt?: Partial<Record<'user-kdc' | 'cloud-kdc' | 'kdc-proxy' | 'sql', number>>;
  /** The relays started for it (a peer whose port is closed gets none: its client sees the refusal). */
  relays?: { peer: string; listenHost: string; port: number; rttMs: number }[];
  /** What the SQL half reported (its own fields), when it is present. */
  sql?: Record<string, unknown>;
  /** The Azure emulator: the instance's and the tenant's side (docs/lab.md). */
  azure?: LabAzure;
  startedAt: string;
  startupMs: number;
}

/** Handed to `startSqlServer(ctx)` of electron/lab/tds/lab-sql.ts once KDCs, principals and keytab exist. */
export interface SqlLabContext {
  dir: string;
  scenario: ScenarioDef;
  fqdn: string;
  port: number;
  /** `MSSQLSvc/<fqdn>:<port>@KERBEROS.MICROSOFTONLINE.COM` */
  spn: string;
  routing?: { fqdn: string; port: number; spn: string };
  /** DIR/sql.keytab: the service keys (only the SQL server may use it; never put it in a client env). */
  keytab: string;
  ca: LabCa;
  caFile: string;
  /** The client environment (KRB5_CONFIG, KRB5CCNAME, KERBPROBE_HOSTS, KERBPROBE_HISTORY). */
  env: Record<string, string>;
  realmCloud: string;
  /** SQL logins that exist on the instance, lowercased Entra-style: `alice@contoso.test`. */
  loginNames: string[];
}

export interface SqlLabResult {
  pids: number[];
  extra?: Record<string, unknown>;
}

/** The variables a client of the lab's Azure emulator reads (docs/lab.md). */
export const AZURE_ENV_NAMES = [
  'KERBPROBE_AZURE_AUTHORITY_HOST',
  'KERBPROBE_AZURE_TENANT_ID',
  'KERBPROBE_AZURE_CLIENT_ID',
  'KERBPROBE_AZURE_ARM_ENDPOINT',
  'KERBPROBE_AZURE_GRAPH_ENDPOINT',
  'KERBPROBE_AZURE_CA_FILE',
] as const;
export type AzureEnvName = (typeof AZURE_ENV_NAMES)[number];

/** lab.json `azure`: where the emulator listens and who is who in the lab tenant. */
export interface LabAzure {
  /** `https://127.0.0.1:PORT`: the authority host (login), ARM and Graph all answer there. */
  authorityHost: string;
  armEndpoint: string;
  graphEndpoint: string;
  tenantId: string;
  /** The app registration KerbProbe signs in with (a public client of the lab tenant). */
  clientId: string;
  subscriptionId: string;
  resourceGroup: string;
  instanceName: string;
  /** The instance's ARM id. */
  resourceId: string;
  /** The instance's Kerberos principal, "<instance> principal" (absent in Entra when the facet turns it off). */
  principal: { displayName: string; appId: string; servicePrincipalId: string };
  /** The helpdesk account the emulator signs in (device code, approved without a browser). */
  user: string;
  caFile: string;
  /** The request log: method, path, status; never a token. */
  log: string;
  facet: TenantFacet;
}
