// Report fixtures for the report tests: a passing trust-flow check and a failing one, built the way the
// check engine fills the contract (names modelled on the Windows samples, not copied from a real tenant).
import type { CheckReport } from '../../../electron/contract/report';
import { diagnosisFor } from '../../../electron/engine/diagnose/classify';

export const NAMES = {
  user: 'alice',
  upn: 'alice@contoso.com',
  realm: 'CONTOSO.COM',
  netbios: 'CONTOSO',
  host: 'sqlmi1.abc123def456.database.windows.net',
  zone: 'abc123def456',
  instance: 'sqlmi1',
  dc: 'DC01.contoso.com',
  workstation: 'WKS042.contoso.com',
  tenant: '96fa76d0-1234-4cde-8f00-eb60cc220000',
  address: '10.20.30.40',
  node: 'dbnode7.tr42.westeurope1-a.worker.vnet.database.windows.net',
} as const;

const SPN = `MSSQLSvc/${NAMES.host}:1433`;
const CLOUD = 'KERBEROS.MICROSOFTONLINE.COM';

export function passingReport(): CheckReport {
  return {
    schemaVersion: 1,
    tool: { name: 'kerbprobe', version: '0.1.0', platform: 'win32 10.0.22631', node: '22.20.0' },
    target: {
      server: NAMES.host,
      port: 1433,
      address: NAMES.address,
      database: 'Sales',
      encrypt: 'strict',
      spn: SPN,
      trustServerCertificate: false,
      timeoutSeconds: 15,
    },
    startedAt: '2026-11-25T09:14:39.512Z',
    verdict: 'pass',
    diagnosis: null,
    steps: [
      {
        id: 'environment',
        title: 'Environment',
        status: 'pass',
        ms: 41.2,
        detail: `Windows 11, hybrid joined to ${NAMES.netbios}, device ${NAMES.workstation}`,
      },
      { id: 'dns', title: 'Name resolution', status: 'pass', ms: 3.1, detail: `${NAMES.host} → ${NAMES.address}` },
      { id: 'tcp', title: 'TCP reach', status: 'pass', ms: 2.4, detail: `${NAMES.address}:1433 open` },
      {
        id: 'kdc-user',
        title: `KDC for ${NAMES.realm}`,
        status: 'pass',
        ms: 12.8,
        detail: `${NAMES.dc} answered a KRB-ERROR (pre-authentication required)`,
      },
      {
        id: 'kdc-proxy',
        title: 'Entra KDC proxy',
        status: 'pass',
        ms: 88,
        detail: `https://login.microsoftonline.com/${NAMES.tenant}/kerberos answered`,
      },
      {
        id: 'tgt',
        title: 'Sign-in ticket',
        status: 'pass',
        ms: 0.9,
        detail: `krbtgt/${NAMES.realm} @ ${NAMES.realm} valid until 18:02`,
      },
      { id: 'referral', title: 'Referral', status: 'pass', ms: 0.2, detail: `krbtgt/${CLOUD} @ ${NAMES.realm}` },
      { id: 'service-ticket', title: 'Service ticket', status: 'pass', ms: 120.5, detail: `${SPN} @ ${CLOUD}` },
      {
        id: 'token',
        title: 'Token',
        status: 'pass',
        ms: 0.4,
        detail: 'SPNEGO wrapping krb5 AP-REQ, aes256-cts, kvno 2',
      },
      { id: 'tls', title: 'TLS', status: 'pass', ms: 30.1, detail: 'TLSv1.3, certificate valid for the name' },
      {
        id: 'login',
        title: 'Login',
        status: 'pass',
        ms: 61.7,
        detail: `signed in as ${NAMES.upn}; mutual authentication verified`,
      },
      { id: 'query', title: 'Verification query', status: 'pass', ms: 4.2, detail: 'auth_scheme = KERBEROS' },
    ],
    chain: {
      flow: 'trust',
      userRealm: NAMES.realm,
      targetRealm: CLOUD,
      targetSpn: SPN,
      hops: [
        {
          kind: 'tgt',
          issuingRealm: NAMES.realm,
          server: `krbtgt/${NAMES.realm}`,
          serverRealm: NAMES.realm,
          status: 'ok',
          ticketIndex: 0,
          kdcCalled: NAMES.dc,
        },
        {
          kind: 'referral',
          issuingRealm: NAMES.realm,
          server: `krbtgt/${CLOUD}`,
          serverRealm: NAMES.realm,
          status: 'ok',
          ticketIndex: 1,
          kdcCalled: NAMES.dc,
        },
        {
          kind: 'service',
          issuingRealm: CLOUD,
          server: SPN,
          serverRealm: CLOUD,
          status: 'ok',
          ticketIndex: 2,
          kdcCalled: 'KdcProxy:login.microsoftonline.com',
        },
      ],
      findings: [
        {
          code: 'TGT_EXPIRING',
          severity: 'info',
          message: `the TGT for ${NAMES.user}@${NAMES.realm} ends in 8 hours`,
          ticketIndex: 0,
        },
      ],
    },
    tickets: [
      {
        client: NAMES.user,
        clientRealm: NAMES.realm,
        server: `krbtgt/${NAMES.realm}`,
        serverRealm: NAMES.realm,
        start: '2026-11-25T08:02:11Z',
        end: '2026-11-25T18:02:11Z',
        renewUntil: '2026-12-02T08:02:11Z',
        flags: ['forwardable', 'renewable', 'initial', 'pre_authent', 'name_canonicalize'],
        flagsHex: '0x40e10000',
        ticketEnctype: 'aes256-cts-hmac-sha1-96',
        sessionEnctype: 'aes256-cts-hmac-sha1-96',
        kdcCalled: NAMES.dc,
        cacheFlags: '0x1 -> PRIMARY',
      },
      {
        client: NAMES.user,
        clientRealm: NAMES.realm,
        server: `krbtgt/${CLOUD}`,
        serverRealm: NAMES.realm,
        start: '2026-11-25T09:14:40Z',
        end: '2026-11-25T18:02:11Z',
        renewUntil: '2026-12-02T08:02:11Z',
        flags: ['forwardable', 'renewable', 'pre_authent', 'name_canonicalize'],
        ticketEnctype: 'aes256-cts-hmac-sha1-96',
        sessionEnctype: 'aes256-cts-hmac-sha1-96',
        kdcCalled: NAMES.dc,
      },
      {
        client: NAMES.user,
        clientRealm: NAMES.realm,
        server: SPN,
        serverRealm: CLOUD,
        start: '2026-11-25T09:14:40Z',
        end: '2026-11-25T18:02:11Z',
        renewUntil: null,
        flags: ['forwardable', 'renewable', 'pre_authent', 'name_canonicalize'],
        ticketEnctype: 'aes256-cts-hmac-sha1-96',
        sessionEnctype: 'aes256-cts-hmac-sha1-96',
        kdcCalled: 'KdcProxy:login.microsoftonline.com',
      },
    ],
    sql: {
      authScheme: 'KERBEROS',
      login: NAMES.upn,
      server: NAMES.instance,
      version: 'Microsoft SQL Azure (RTM) - 12.0.2000.8',
      encrypt: 'TRUE',
      netTransport: 'TCP',
      mutualAuth: true,
      tdsVersion: '8.0',
    },
    tls: {
      protocol: 'TLSv1.3',
      subject: `CN=*.${NAMES.zone}.database.windows.net`,
      issuer: 'CN=Microsoft Azure RSA TLS Issuing CA 03, O=Microsoft Corporation, C=US',
      validTo: '2027-05-01T00:00:00Z',
      nameMatches: true,
      trusted: true,
      trustServerCertificate: false,
    },
    redirect: { from: `${NAMES.host}:1433`, to: `${NAMES.node}:11003` },
    totalMs: 365.5,
    redacted: false,
  };
}

export function failingReport(): CheckReport {
  const r = passingReport();
  return {
    ...r,
    verdict: 'fail',
    diagnosis: diagnosisFor('LOGIN_NOT_MAPPED', [
      `SQL error 18456 state 1: "Login failed for user '${NAMES.upn}'."`,
      `login attempted as ${NAMES.netbios}\\${NAMES.user} from ${NAMES.workstation} (${NAMES.address})`,
    ]),
    steps: r.steps.map((s) =>
      s.id === 'login'
        ? { ...s, status: 'fail' as const, detail: `Login failed for user '${NAMES.upn}'.` }
        : s.id === 'query'
          ? { ...s, status: 'skip' as const, detail: 'no session' }
          : s,
    ),
    sql: null,
  };
}
