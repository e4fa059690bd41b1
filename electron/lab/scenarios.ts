// Every lab scenario, Kerberos and SQL, in one registry. Each one is a real mechanism (a stopped KDC,
// a missing principal, a skewed clock...), never a flag that makes a component pretend.
import { KerbProbeError } from '../engine/errors';
import type { ScenarioDef } from './lab-types';

type Facets = Omit<ScenarioDef, 'name' | 'summary' | 'expectedCode'>;

const HEALTHY: Facets = {
  user: 'trust',
  tgt: 'valid',
  onpremKdc: 'up',
  cloudKdc: 'up',
  cloudTransport: 'direct',
  trust: 'ok',
  spn: 'ok',
  clientEnctypes: 'default',
};

function scenario(
  name: string,
  expectedCode: ScenarioDef['expectedCode'],
  summary: string,
  facets: Partial<Facets> = {},
): ScenarioDef {
  return { name, summary, expectedCode, ...HEALTHY, ...facets };
}

const SCENARIOS: readonly ScenarioDef[] = [
  scenario(
    'healthy',
    null,
    'alice@CONTOSO.TEST reaches the instance through the incoming trust (TGT, referral, service ticket).',
  ),
  scenario('modern-flow', null, 'bob holds a cloud TGT from KERBEROS.MICROSOFTONLINE.COM; no on-prem realm involved.', {
    user: 'cloud',
  }),
  scenario('no-tgt', 'NO_TGT', 'Nobody is signed in with Kerberos: the credential cache does not exist.', {
    user: 'none',
    tgt: 'absent',
  }),
  scenario('expired-tgt', 'TGT_EXPIRED', "alice's TGT was issued 12 hours ago for 1 hour and has expired.", {
    tgt: 'expired',
  }),
  scenario('kdc-down', 'KDC_UNREACHABLE', 'The on-prem KDC went away after logon: its port is closed.', {
    onpremKdc: 'down',
  }),
  scenario(
    'kdc-blackhole',
    'KDC_UNREACHABLE',
    'The on-prem KDC address accepts connections and never answers (a firewall that drops).',
    { onpremKdc: 'blackhole' },
  ),
  scenario('cloud-kdc-down', 'CLOUD_KDC_UNREACHABLE', 'The cloud realm KDC cannot be reached: its port is closed.', {
    cloudKdc: 'down',
  }),
  scenario(
    'no-trust',
    'NO_CROSS_REALM_TRUST',
    'CONTOSO.TEST has no incoming trust to KERBEROS.MICROSOFTONLINE.COM (no cross-realm principal).',
    { trust: 'absent' },
  ),
  scenario(
    'trust-key-mismatch',
    'TRUST_KEY_MISMATCH',
    'The two KDCs hold different keys for the cross-realm trust principal.',
    { trust: 'key-mismatch' },
  ),
  scenario('spn-missing', 'SPN_UNKNOWN', 'The MSSQLSvc service principal is not registered in the cloud realm.', {
    spn: 'missing',
    // Both ends: the instance's system-assigned service principal is off, so Entra has no principal for its SPN.
    tenant: { servicePrincipal: 'None' },
  }),
  scenario('clock-skew', 'CLOCK_SKEW', 'The cloud KDC runs 10 minutes ahead of this machine.', { cloudKdc: 'skewed' }),
  scenario(
    'etype-mismatch',
    'ETYPE_UNSUPPORTED',
    'The client permits only AES-128; the cloud realm (trust and service), like Entra, is AES-256 only.',
    { clientEnctypes: 'aes128-only' },
  ),
  scenario('kdc-proxy', null, 'The cloud realm is reachable only through an MS-KKDCP proxy over HTTPS.', {
    cloudTransport: 'kdc-proxy',
  }),
  scenario(
    'kdc-proxy-down',
    'CLOUD_KDC_UNREACHABLE',
    'The KDC proxy URL for the cloud realm points at a closed port.',
    { cloudTransport: 'kdc-proxy-down' },
  ),
  scenario(
    'kdc-proxy-inspected',
    'CLOUD_KDC_UNREACHABLE',
    'A TLS-inspecting proxy sits before the KDC proxy: its certificate comes from a CA the client does not trust.',
    { cloudTransport: 'kdc-proxy-inspected' },
  ),
  scenario(
    'service-key-stale',
    'SERVICE_KEY_MISMATCH',
    "The SQL server's keytab holds an older key version than the cloud KDC.",
    { spn: 'stale-keytab' },
  ),
  scenario('sql-down', 'SQL_UNREACHABLE', 'Kerberos works; nothing listens on the SQL port.', { sql: 'down' }),
  scenario('sql-blackhole', 'SQL_UNREACHABLE', 'Kerberos works; the SQL port accepts TCP and never answers.', {
    sql: 'blackhole',
  }),
  scenario('login-not-mapped', 'LOGIN_NOT_MAPPED', 'Kerberos works, but the instance has no login for alice (18456).', {
    sql: 'login-not-mapped',
  }),
  scenario(
    'tls-untrusted',
    'TLS_UNTRUSTED',
    'The SQL server presents a certificate from a CA the client does not trust.',
    { sql: 'tls-untrusted' },
  ),
  scenario('tls-name-mismatch', 'TLS_NAME_MISMATCH', "The SQL server's certificate names another host.", {
    sql: 'tls-name-mismatch',
  }),
  scenario(
    'redirect',
    null,
    'The gateway redirects the login to a node (TDS routing); the node accepts Kerberos for its own SPN.',
    { sql: 'redirect', tenant: { proxyOverride: 'Redirect' } },
  ),
  scenario('redirect-blocked', 'REDIRECT_BLOCKED', 'The gateway redirects to a node whose port is closed.', {
    sql: 'redirect-blocked',
    tenant: { proxyOverride: 'Redirect' },
  }),
  // Issue 24: the instance's and the tenant's side, paired with what the user's check sees.
  scenario(
    'conditional-access',
    'CLOUD_KDC_POLICY',
    'A Conditional Access policy for all cloud apps covers the instance: the cloud KDC refuses the ticket by policy.',
    { serviceTicket: 'policy-refused', tenant: { conditionalAccess: 'block-all-apps' } },
  ),
  scenario(
    'admin-no-policy-read',
    null,
    'Kerberos works; the helpdesk account lacks Graph Policy.Read.All (Conditional Access cannot be read).',
    { tenant: { withhold: ['graph:Policy.Read.All'] } },
  ),
  scenario(
    'admin-no-reader',
    null,
    'Kerberos works; the helpdesk account has no Reader role on the instance (ARM answers 403).',
    { tenant: { withhold: ['arm:Reader'] } },
  ),
];

export function listScenarios(): readonly ScenarioDef[] {
  return SCENARIOS;
}

export function getScenario(name: string): ScenarioDef {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) {
    throw new KerbProbeError(
      'LAB_SCENARIO_UNKNOWN',
      `unknown lab scenario '${name}' (run \`kerbprobe lab scenarios\` for the list)`,
    );
  }
  return found;
}
