// One engine call that walks every hop from the user's logon session to a verified SQL session:
// environment → (name → TCP) ∥ (tickets → KDCs → clock) → referral + service ticket → token → TLS →
// login → redirect → query. Independent hops run concurrently; every wait is bounded by the check's
// budget so no library's own timeout (MIT ~27 s, SSMS ~15 s) decides how long a user waits.
import { isIP } from 'node:net';
import type { CheckReport, DiagnosisCode, Step, StepId, Target, Ticket, TicketSet } from '../../contract/index';
import { REPORT_SCHEMA_VERSION, isDiagnosisCode } from '../../contract/index';
import { CLOUD_REALM, isAzureSqlHost } from '../../contract/azure';
import { KerbProbeError, UsageError } from '../errors';
import { TOOL_VERSION } from '../version';
import { StepRecorder } from './step-recorder';
import type { AcquireResult, CheckDeps, CheckInput, CheckOptions, Evidence, ProbeOutcome, SqlOutcome } from './types';

export const DEFAULT_TIMEOUT_SECONDS = 15;
/** A KDC that accepts and never answers is given this long before we call it unreachable. */
export const KDC_PROBE_BUDGET_MS = 1500;
export const TCP_BUDGET_MS = 2000;
const EXPIRING_SOON_MS = 10 * 60_000;
const SKEW_LIMIT_S = 300;

export function normalizeTarget(input: CheckInput): Target {
  const server = (input.server ?? '').trim().replace(/\.$/, '').toLowerCase();
  if (!server) throw new UsageError('--server is required: the instance FQDN, e.g. sqlmi1.abc123.database.windows.net');
  if (/[\s/\\@]/.test(server)) throw new UsageError(`"${input.server}" is not a host name`);
  const port = input.port ?? 1433;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`port must be a whole number from 1 to 65535 (got ${String(input.port)})`);
  const timeoutSeconds = input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 600) throw new UsageError('timeout must be between 0 and 600 seconds');
  if (input.address !== undefined && isIP(input.address) === 0) throw new UsageError(`--address must be an IP address (got "${input.address}")`);
  return {
    server,
    port,
    ...(input.address ? { address: input.address } : {}),
    ...(input.database ? { database: input.database } : {}),
    encrypt: input.encrypt ?? 'mandatory',
    spn: `MSSQLSvc/${server}:${port}`,
    ...(input.caFile ? { caFile: input.caFile } : {}),
    trustServerCertificate: input.trustServerCertificate ?? false,
    timeoutSeconds,
  };
}

function realmOf(principal: string | null | undefined): string | null {
  if (!principal) return null;
  const at = principal.lastIndexOf('@');
  return at >= 0 ? principal.slice(at + 1) : null;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function fmtTime(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

export async function runCheck(input: CheckInput, deps: CheckDeps, opts: CheckOptions = {}): Promise<CheckReport> {
  const target = normalizeTarget(input);
  const now = opts.now ?? (() => new Date());
  const startedAt = now();
  const t0 = performance.now();
  const deadline = t0 + target.timeoutSeconds * 1000;
  const remaining = () => Math.max(0, Math.round(deadline - performance.now()));
  const ctl = new AbortController();
  const onOuterAbort = () => ctl.abort(opts.signal?.reason ?? new KerbProbeError('CANCELLED', 'the check was cancelled'));
  if (opts.signal?.aborted) onOuterAbort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => ctl.abort(new KerbProbeError('TIMEOUT', `the check ran out of its ${target.timeoutSeconds} s budget`)), target.timeoutSeconds * 1000);
  const signal = ctl.signal;

  const rec = new StepRecorder(opts.onProgress);
  const failures: { stage: StepId; code: DiagnosisCode; evidence: string[] }[] = [];
  const evidence: Evidence[] = [];
  const host = target.server;
  const cloudRealm = deps.realmForHost(host) ?? CLOUD_REALM;
  let ticketSet: TicketSet | null = null;
  let acquired: AcquireResult | null = null;
  let sql: SqlOutcome | null = null;
  let chainReread: Promise<void> = Promise.resolve();

  try {
    // ── Environment ────────────────────────────────────────────────────────────────────────────
    const envDone = rec.start('environment');
    const env = await deps.environment(signal).catch((err: unknown) => ({ os: process.platform, detail: `could not read the environment: ${errorText(err)}`, evidence: [], warnings: [errorText(err)] }));
    envDone(env.warnings.length ? 'warn' : 'pass', env.detail, [...env.evidence, ...env.warnings]);
    const envFacts: Evidence[] = 'facts' in env && env.facts ? env.facts : [];

    // ── Network path to SQL ────────────────────────────────────────────────────────────────────
    const network = (async (): Promise<{ address: string | null; ok: boolean }> => {
      let address = target.address ?? null;
      if (isIP(host)) {
        rec.record('dns', 'warn', `${host} is an IP address: Windows cannot build a Kerberos SPN from it and falls back to NTLM, which the managed instance rejects (18452). Use the FQDN.`);
        address = address ?? host;
      } else if (address) {
        rec.record('dns', 'skip', `address override: connecting to ${address}, authenticating as ${host} (SPN and TLS name)`);
      } else {
        const done = rec.start('dns');
        try {
          const r = await deps.resolve(host, signal);
          address = r.addresses[0] ?? null;
          if (!address) throw new KerbProbeError('DNS_FAILURE', `${host} has no address`);
          const shortName = !host.includes('.');
          const notMi = !isAzureSqlHost(host);
          const cname = r.cname?.length ? ` via CNAME ${r.cname.join(' → ')} (the SPN still uses ${host})` : '';
          done(shortName || notMi ? 'warn' : 'pass', `${host} → ${r.addresses.join(', ')} (${r.source})${cname}${shortName ? '; a short name makes Windows fall back to NTLM' : ''}${notMi && !shortName ? '; not a *.database.windows.net name: check this is the instance FQDN' : ''}`);
        } catch (err) {
          const text = errorText(err);
          done('fail', `${host} does not resolve: ${text}`, [text]);
          failures.push({ stage: 'dns', code: 'DNS_FAILURE', evidence: [`name resolution of ${host}: ${text}`] });
          return { address: null, ok: false };
        }
      }
      const done = rec.start('tcp');
      const tcp = await deps.tcp(address!, target.port, Math.min(TCP_BUDGET_MS, remaining()), signal);
      done(tcp.ok ? 'pass' : 'fail', tcp.detail, tcp.evidence);
      if (!tcp.ok) failures.push({ stage: 'tcp', code: tcp.code ?? 'SQL_UNREACHABLE', evidence: tcp.evidence.length ? tcp.evidence : [tcp.detail] });
      return { address, ok: tcp.ok };
    })();

    // ── Kerberos: tickets, KDCs, clock, acquisition ────────────────────────────────────────────
    const kerberos = (async (): Promise<boolean> => {
      // KDC reachability for each realm on the path, concurrently; the cloud realm is known from the host
      // name alone, so its probe starts before the ticket cache is read.
      const probes: Promise<void>[] = [];
      const probeResults: Partial<Record<'user' | 'cloud', ProbeOutcome>> = {};
      const probe = (realm: string, role: 'user' | 'cloud') => {
        const targets = deps.kdcTargets(realm);
        const id: StepId = role === 'user' ? 'kdc-user' : targets?.proxy ? 'kdc-proxy' : 'kdc-cloud';
        if (!targets || targets.kdcs.length === 0) {
          rec.record(id, 'skip', `no KDC configured for ${realm}: the platform locates it (DC locator / DNS); the ticket steps show whether it answered`);
          return;
        }
        if (role === 'cloud' && targets?.proxy) rec.record('kdc-cloud', 'skip', `${realm} is reached only through the KDC proxy (${targets.kdcs.join(', ')})`);
        const done = rec.start(id);
        probes.push(deps.probeKdc(realm, role, Math.min(KDC_PROBE_BUDGET_MS, remaining()), signal).then((r) => {
          probeResults[role] = r;
          done(r.ok ? 'pass' : 'fail', r.detail, r.evidence);
        }, (err: unknown) => {
          const text = errorText(err);
          probeResults[role] = { ok: false, ms: 0, detail: text, evidence: [text], code: role === 'user' ? 'KDC_UNREACHABLE' : 'CLOUD_KDC_UNREACHABLE' };
          done('fail', text, [text]);
        }));
      };
      probe(cloudRealm, 'cloud');

      const tgtDone = rec.start('tgt');
      try {
        ticketSet = await deps.readTickets(target.spn);
      } catch (err) {
        const text = errorText(err);
        tgtDone('fail', `no ticket cache could be read: ${text}`, [text]);
        failures.push({ stage: 'tgt', code: 'NO_TGT', evidence: [text] });
        await Promise.all(probes);
        return false;
      }
      const set: TicketSet = ticketSet;
      const userRealm = realmOf(set.defaultPrincipal);
      const nowMs = now().getTime();
      const tgt = userRealm ? set.tickets.find((t) => t.server === `krbtgt/${userRealm}` && t.serverRealm === userRealm) : undefined;
      const cachedService = set.tickets.find((t) => t.server.toLowerCase() === target.spn.toLowerCase() && t.end && Date.parse(t.end) > nowMs);
      let tgtOk = false;
      if (!tgt) {
        tgtDone('fail', set.defaultPrincipal ? `no ticket-granting ticket for ${set.defaultPrincipal} in ${set.source}` : `no Kerberos credentials in ${set.source}`);
        // On Windows the join state and cloud-Kerberos policy tell a missing cloud TGT apart from no logon.
        const c = deps.classify([...envFacts, { kind: 'tgt', state: 'missing', ...(userRealm ? { realm: userRealm } : {}) }]);
        failures.push({ stage: 'tgt', code: c.code === 'UNKNOWN' ? 'NO_TGT' : c.code, evidence: [`ticket cache ${set.source}: ${set.tickets.length} ticket(s), no krbtgt/${userRealm ?? '?'}`, ...c.evidence.filter((e) => !/no TGT|ticket-granting/i.test(e))] });
      } else if (tgt.end && Date.parse(tgt.end) <= nowMs) {
        tgtDone('fail', `the TGT for ${set.defaultPrincipal} expired at ${fmtTime(tgt.end)}`, [`krbtgt/${userRealm}@${userRealm} end ${tgt.end}`]);
        failures.push({ stage: 'tgt', code: 'TGT_EXPIRED', evidence: [`TGT krbtgt/${userRealm}@${userRealm} ended ${tgt.end}`] });
      } else {
        tgtOk = true;
        const soon = tgt.end && Date.parse(tgt.end) - nowMs < EXPIRING_SOON_MS;
        tgtDone(soon ? 'warn' : 'pass', `${set.defaultPrincipal}: krbtgt/${userRealm}@${userRealm}, valid until ${fmtTime(tgt.end)}${tgt.ticketEnctype ? `, ${tgt.ticketEnctype}` : ''}${userRealm === cloudRealm ? ' (cloud TGT: modern flow)' : ''}${soon ? ' — expires in under 10 minutes' : ''}`);
      }

      const trustFlow = userRealm !== null && userRealm !== cloudRealm;
      if (trustFlow && userRealm) probe(userRealm, 'user');
      else rec.record('kdc-user', 'skip', userRealm === cloudRealm ? 'cloud TGT: no on-premises KDC on the path' : 'no user realm known');
      await Promise.all(probes);

      // Clock skew, from the KDCs' own time in their KRB-ERROR replies.
      const skews = Object.entries(probeResults).filter(([, r]) => typeof r?.skewSeconds === 'number').map(([role, r]) => ({ role, s: r!.skewSeconds! }));
      let clockBad = false;
      if (skews.length === 0) rec.record('clock', 'skip', 'no KDC answered with its time');
      else {
        const worst = skews.reduce((a, b) => (Math.abs(b.s) > Math.abs(a.s) ? b : a));
        const text = skews.map((k) => `${k.role === 'user' ? userRealm : cloudRealm}: ${k.s >= 0 ? '+' : ''}${k.s.toFixed(1)} s`).join(', ');
        clockBad = Math.abs(worst.s) > SKEW_LIMIT_S;
        rec.record('clock', clockBad ? 'fail' : Math.abs(worst.s) > 60 ? 'warn' : 'pass', `KDC time vs this machine: ${text} (Kerberos allows 5 minutes)`);
        if (clockBad) evidence.push({ kind: 'clock', skewSeconds: -worst.s, against: (worst.role === 'user' ? userRealm : cloudRealm) ?? cloudRealm });
      }

      if (!tgtOk && !cachedService) {
        rec.record('referral', 'skip', 'needs a valid TGT');
        rec.record('service-ticket', 'skip', 'needs a valid TGT');
        rec.record('token', 'skip', 'no service ticket');
        return false;
      }
      // Never wait on a KDC we already know does not answer: that is the 27-second trap.
      const userKdcDown = trustFlow && probeResults.user && !probeResults.user.ok;
      const cloudKdcDown = probeResults.cloud && !probeResults.cloud.ok;
      if (!cachedService && (userKdcDown || cloudKdcDown)) {
        const which = userKdcDown ? 'user' : 'cloud';
        const r = probeResults[which]!;
        failures.push({ stage: which === 'user' ? 'kdc-user' : deps.kdcTargets(cloudRealm)?.proxy ? 'kdc-proxy' : 'kdc-cloud', code: r.code ?? (which === 'user' ? 'KDC_UNREACHABLE' : 'CLOUD_KDC_UNREACHABLE'), evidence: r.evidence.length ? r.evidence : [r.detail] });
        rec.record('referral', 'skip', `not attempted: the ${which === 'user' ? `${userRealm} KDC` : 'Entra Kerberos KDC'} is unreachable`);
        rec.record('service-ticket', 'skip', 'not attempted: a KDC on the path is unreachable');
        rec.record('token', 'skip', 'no service ticket');
        return false;
      }

      const stDone = rec.start('service-ticket');
      const tAcquire = performance.now();
      try {
        acquired = await deps.acquire({ host, port: target.port }, Math.min(remaining(), 8000), signal);
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        const text = errorText(err);
        // The binding attaches typed evidence (the GSS text and its stage); give it the user's realm.
        const typed = (err as { evidence?: Evidence[] }).evidence;
        if (typed?.length) evidence.push(...typed.map((e) => (e.kind === 'gss' ? { ...e, ...(userRealm ? { userRealm } : {}), referral: trustFlow } : e)));
        else if (err instanceof KerbProbeError && err.code === 'TIMEOUT') evidence.push({ kind: 'socket', code: 'ETIMEDOUT', stage: 'kdc-cloud', realm: cloudRealm });
        else evidence.push({ kind: 'text', text, source: 'Kerberos' });
        const c = deps.classify(evidence);
        const code: DiagnosisCode = c.code === 'UNKNOWN' && clockBad ? 'CLOCK_SKEW' : c.code === 'UNKNOWN' && err instanceof KerbProbeError && isDiagnosisCode(err.code) ? err.code : c.code;
        const stage: StepId = code === 'NO_CROSS_REALM_TRUST' ? 'referral' : 'service-ticket';
        // What the attempt left in the cache (MIT keeps the referral it got before the failing hop).
        try {
          ticketSet = await deps.readTickets(target.spn);
        } catch {
          /* keep the first read */
        }
        const afterFail: TicketSet = ticketSet ?? set;
        const gotReferral = afterFail.tickets.find((t) => t.server === `krbtgt/${cloudRealm}` && t.serverRealm === userRealm);
        if (stage === 'referral') {
          rec.record('referral', 'fail', `no referral to ${cloudRealm} from ${userRealm}: ${text}`, [text]);
          stDone('skip', 'needs the referral');
        } else {
          if (trustFlow) {
            rec.record('referral', gotReferral ? 'pass' : 'skip', gotReferral
              ? `krbtgt/${cloudRealm}@${userRealm} from the ${userRealm} KDC, valid until ${fmtTime(gotReferral.end)}: the trust works; the failing hop is the service ticket`
              : 'no referral in the cache (the platform may not store it); see the service ticket step');
          }
          else rec.record('referral', 'skip', 'cloud TGT: no referral needed');
          stDone('fail', `no ticket for ${target.spn}@${cloudRealm}: ${text}`, [text]);
        }
        failures.push({ stage, code, evidence: c.evidence.length ? c.evidence : [text] });
        rec.record('token', 'skip', 'no service ticket');
        return false;
      }
      const acquireMs = performance.now() - tAcquire;
      // Re-read the cache (the binding put the referral and the service ticket there) beside the SQL
      // login: it only feeds the report, so it stays off the critical path.
      chainReread = (async () => {
        try {
          ticketSet = await deps.readTickets(target.spn);
        } catch {
          /* keep the first read */
        }
        const after: TicketSet = ticketSet ?? set;
        const st = after.tickets.find((t) => t.server.toLowerCase() === target.spn.toLowerCase());
        const referral = after.tickets.find((t) => t.server === `krbtgt/${cloudRealm}` && t.serverRealm === userRealm);
        if (trustFlow) rec.record('referral', referral ? 'pass' : 'warn', referral ? `krbtgt/${cloudRealm}@${userRealm} from the ${userRealm} KDC, valid until ${fmtTime(referral.end)}` : 'no referral ticket in the cache (the platform may not store it)');
        else rec.record('referral', 'skip', 'cloud TGT: no referral needed');
        stDone('pass', st ? describeService(st) : `ticket obtained for ${target.spn} (not listed in the cache)`, [], acquireMs);
      })();

      const insp = acquired.inspection;
      const tokDone = rec.start('token');
      if (insp.mechanism === 'ntlm') {
        tokDone('fail', 'the token is NTLMSSP: silent NTLM fallback, which Azure SQL MI rejects', [insp.detail]);
        failures.push({ stage: 'token', code: 'NTLM_FALLBACK', evidence: [insp.detail] });
        return false;
      }
      const expected = `${target.spn}`.toLowerCase();
      const mismatch = insp.serverName && insp.serverName.toLowerCase() !== expected;
      tokDone(mismatch ? 'warn' : 'pass', insp.detail);
      return true;
    })();

    const [net, krbOk] = await Promise.all([network, kerberos]);

    // ── SQL: TLS, login with the Kerberos token, redirect, verification query ─────────────────
    if (!net.ok || !krbOk || !acquired) {
      const why = !net.ok ? 'SQL is not reachable' : 'no Kerberos token to log in with';
      for (const id of ['tls', 'login', 'redirect', 'query'] as const) rec.record(id, 'skip', why);
    } else {
      const t = performance.now();
      const addressed: Target = { ...target, ...(net.address ? { address: net.address } : {}) };
      try {
        // Leave the login a margin inside the check's budget so it can classify its own timeout.
        sql = await deps.sqlLogin(addressed, acquired, Math.max(0, remaining() - 250), signal);
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        // A login that never ends is the blackhole case: classify it rather than surface a timeout.
        const timedOut = signal.aborted || (err instanceof KerbProbeError && err.code === 'TIMEOUT');
        const text = timedOut ? `no answer from ${net.address}:${target.port} within the ${target.timeoutSeconds} s budget` : errorText(err);
        const code: DiagnosisCode = timedOut ? 'SQL_UNREACHABLE' : err instanceof KerbProbeError && isDiagnosisCode(err.code) ? err.code : 'UNKNOWN';
        sql = { ok: false, code, evidence: [text], stage: 'login', tls: null, redirect: null };
      }
      recordSql(rec, sql, performance.now() - t, failures);
    }
    await chainReread;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }

  const root = pickRootCause(failures);
  // A clock beyond the tolerance that still produced a working session (MIT corrects for the KDC's
  // offset; Windows does not) is a warning, not a failed hop.
  const clock = rec.get('clock');
  if (!root && clock?.status === 'fail') rec.amend('clock', { status: 'warn', detail: `${clock.detail}; the exchange still succeeded here, but Windows clients do not correct for this offset` });
  const finalSql = sql as SqlOutcome | null;
  const set = ticketSet as TicketSet | null;
  const report: CheckReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'kerbprobe', version: TOOL_VERSION, platform: `${process.platform}-${process.arch}`, node: process.versions.node },
    target,
    startedAt: startedAt.toISOString(),
    verdict: root ? 'fail' : 'pass',
    diagnosis: root ? deps.diagnosisFor(root.code, root.evidence) : null,
    steps: rec.list(),
    chain: set?.chain ?? null,
    tickets: set?.tickets ?? [],
    sql: finalSql?.ok ? finalSql.sql : null,
    tls: finalSql?.tls ?? null,
    redirect: finalSql?.redirect ?? null,
    totalMs: Math.round(performance.now() - t0),
    redacted: false,
  };
  return report;
}

function describeService(t: Ticket): string {
  return `${t.server}@${t.serverRealm}${t.kdcCalled ? ` from ${t.kdcCalled}` : ''}, valid until ${fmtTime(t.end)}${t.ticketEnctype ? `, ticket ${t.ticketEnctype}` : ''}`;
}

function recordSql(rec: StepRecorder, sql: SqlOutcome, ms: number, failures: { stage: StepId; code: DiagnosisCode; evidence: string[] }[]): void {
  const tls = sql.tls;
  const tlsDetail = tls
    ? `${tls.protocol ?? 'TLS'}; certificate ${tls.subject ?? '?'} issued by ${tls.issuer ?? '?'}, valid to ${tls.validTo ?? '?'}; name ${tls.nameMatches === false ? 'does NOT match' : 'matches'}; ${tls.trusted === false ? 'NOT trusted' : 'trusted'}${tls.trustServerCertificate ? ' — certificate validation was turned OFF (trust server certificate)' : ''}`
    : 'no TLS details';
  if (sql.ok) {
    rec.record('tls', tls?.trustServerCertificate ? 'warn' : 'pass', tlsDetail, [], sql.ms.tls ?? 0);
    rec.record('login', 'pass', `logged in as ${sql.sql.login} with Kerberos; mutual authentication ${sql.sql.mutualAuth ? 'verified (AP-REP checked)' : 'NOT verified'}`, [], sql.ms.login ?? ms);
    rec.record('redirect', sql.redirect ? 'pass' : 'skip', sql.redirect ? `redirected ${sql.redirect.from} → ${sql.redirect.to}; the routed connection authenticated with its own ticket` : 'no redirect (Proxy policy or direct node)');
    const kerb = sql.sql.authScheme.toUpperCase() === 'KERBEROS';
    rec.record('query', kerb ? 'pass' : 'fail', `auth_scheme = ${sql.sql.authScheme}, login ${sql.sql.login}, server ${sql.sql.server}, encrypt ${sql.sql.encrypt}`, [], sql.ms.query ?? 0);
    if (!kerb) failures.push({ stage: 'query', code: 'NTLM_FALLBACK', evidence: [`auth_scheme = ${sql.sql.authScheme}`] });
    return;
  }
  const order = ['tls', 'login', 'redirect', 'query'] as const;
  const failAt = sql.stage === 'tcp' ? 'tls' : sql.stage;
  let reached = false;
  for (const id of order) {
    if (id === failAt) {
      reached = true;
      rec.record(id, 'fail', `${sql.code}: ${sql.evidence[0] ?? ''}`, sql.evidence);
    } else if (!reached) {
      rec.record(id, id === 'tls' ? 'pass' : id === 'redirect' ? 'skip' : 'pass', id === 'tls' ? tlsDetail : id === 'redirect' ? 'no redirect' : 'done');
    } else rec.record(id, 'skip', `not reached: ${failAt} failed`);
  }
  failures.push({ stage: failAt, code: sql.code, evidence: sql.evidence });
}

/** The root cause is the failure nearest the user along the path, not the last symptom. */
const HOP_ORDER: StepId[] = ['environment', 'dns', 'tgt', 'kdc-user', 'clock', 'kdc-cloud', 'kdc-proxy', 'referral', 'service-ticket', 'token', 'tcp', 'tls', 'login', 'redirect', 'query'];

export function pickRootCause(failures: { stage: StepId; code: DiagnosisCode; evidence: string[] }[]): { code: DiagnosisCode; evidence: string[] } | null {
  if (failures.length === 0) return null;
  const sorted = [...failures].sort((a, b) => HOP_ORDER.indexOf(a.stage) - HOP_ORDER.indexOf(b.stage));
  const first = sorted[0]!;
  return { code: first.code, evidence: first.evidence };
}

export type { Step };
