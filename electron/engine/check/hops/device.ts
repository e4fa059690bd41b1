// The Windows device checks Microsoft's troubleshooting makes by hand, before the ticket steps: the build
// against the flows (registry CurrentBuild / UBR), which flow the device can use and which it uses (join state,
// the cloud Kerberos policy, the tickets held), the session (whoami /groups), the cloud TGT's age, Credential
// Guard, and the realm Windows sends the SPN to (KerbTopLevelNames, host-to-realm mappings). Every read is a
// bounded tool call; a missing tool is a warning. The hop reports facts only: diagnose/ judges them. On MIT the
// realm step reads krb5.conf's domain_realm, its equivalent; the rest is skipped.
import { CLOUD_REALM } from '../../../contract/azure';
import type { Ticket } from '../../../contract/report';
import type { Evidence } from '../../diagnose/evidence';
import type { WindowsFact } from '../../diagnose/windows-facts';
import { finishFactStep, warningReads } from './fact-step';
import { parseCredentialGuard, DEVICE_GUARD_POLICY_KEY, LSA_KEY } from '../../environment/credential-guard';
import { HOST_TO_REALM_KEY, HOST_TO_REALM_POLICY_KEY, mappedRealm, parseHostToRealm, topLevelCoverage } from '../../environment/realm-mapping';
import { CURRENT_VERSION_KEY, flowSupportForBuild, parseWindowsBuild } from '../../environment/windows-build';
import { isElevated, isInteractive, parseWhoamiGroups } from '../../environment/whoami-groups';
import type { ToolResult } from '../../run-tool';
import type { Hop } from '../hop';
import type { Platform } from '../platform';
import { errorText } from '../text';
import { environmentHop } from './environment';
import { ticketsHop } from './tickets';

export interface DeviceDeps {
  /** Whose tools the check reads: the device checks run on Windows. */
  windows: boolean;
  /** A Windows tool's output within a bound (rejects: missing tool, timeout). */
  windowsTool(command: string, args: string[]): Promise<ToolResult>;
  /** MIT: the realm krb5.conf's domain_realm maps a host to. */
  realmForHost(host: string): string | null;
}

/** Each Windows read of the device checks gets this long (reg, whoami, netsh and sc answer in milliseconds). */
const TOOL_TIMEOUT_MS = 3000;

/** The device checks' Windows tool reads: bounded, exit 1 (reg's "value absent") still an answer. */
export const windowsToolOf = (p: Platform) => (command: string, args: string[]): Promise<ToolResult> =>
  p.runTool(command, args, { timeoutMs: TOOL_TIMEOUT_MS, env: p.env, okExitCodes: [1] });

/** The SPN's host and port (the SPN carries the name the user typed). */
export function spnHostPort(spn: string, fallbackPort: number): { host: string; port: number } {
  const m = /^[^/]+\/([^:/@]+)(?::(\d+))?/.exec(spn);
  return { host: m?.[1] ?? spn, port: m?.[2] ? Number(m[2]) : fallbackPort };
}

const isKrbtgt = (t: Ticket, realm: string): boolean => t.server.toUpperCase() === `KRBTGT/${realm.toUpperCase()}` && t.serverRealm.toUpperCase() === realm.toUpperCase();
const valid = (t: Ticket, nowMs: number): boolean => t.end === null || Date.parse(t.end) > nowMs;

export const deviceHop: Hop<{ facts: WindowsFact[] }, DeviceDeps> = {
  name: 'device',
  needs: [environmentHop, ticketsHop],
  async run({ target, deps, steps, now, need }) {
    const { host, port } = spnHostPort(target.spn, target.port);
    if (!deps.windows) {
      steps.record('device', 'skip', 'skipped: not Windows (the build, session and flow checks read Windows\' own tools)');
      const tickets = await need(ticketsHop);
      const realm = deps.realmForHost(host);
      const fact: WindowsFact = { kind: 'realm-route', host, port, topLevelNames: null, coveredHost: null, coveredPort: null,
        mapping: realm ? { realm, entry: host, key: 'krb5.conf [domain_realm]' } : null, expectedRealm: CLOUD_REALM, userRealm: tickets.userRealm };
      const done = steps.start('realm-mapping');
      finishFactStep(done, [fact], []);
      return { out: { facts: [fact] }, evidence: [{ step: 'realm-mapping', evidence: [fact] }] };
    }
    const read = (command: string, args: string[]) => deps.windowsTool(command, args);
    const doneDevice = steps.start('device');
    const doneRealm = steps.start('realm-mapping');
    const [build, groups, lsa, guardPolicy, h2r, h2rPolicy] = await Promise.allSettled([
      read('reg', ['query', CURRENT_VERSION_KEY]),
      read('whoami', ['/groups']),
      read('reg', ['query', LSA_KEY, '/v', 'LsaCfgFlags']),
      read('reg', ['query', DEVICE_GUARD_POLICY_KEY, '/v', 'LsaCfgFlags']),
      read('reg', ['query', HOST_TO_REALM_KEY, '/s']),
      read('reg', ['query', HOST_TO_REALM_POLICY_KEY, '/s']),
    ]);
    const env = await need(environmentHop);
    const tickets = await need(ticketsHop);
    const warnings: string[] = [];
    const { text, parse } = warningReads(warnings);
    const facts: WindowsFact[] = [];

    const buildText = text(build, `reg query ${CURRENT_VERSION_KEY}`);
    const b = buildText === null ? null : parse('the Windows build', () => parseWindowsBuild(buildText));
    const verdict = b ? flowSupportForBuild(b) : null;

    // Which flow: the tickets held decide which one is in use; join state, policy and build which ones can work.
    const nowMs = now().getTime();
    const held = tickets.set?.tickets ?? [];
    const cloudTgt = held.find((t) => isKrbtgt(t, CLOUD_REALM));
    const dcTgt = held.find((t) => t.serverRealm.toUpperCase() !== CLOUD_REALM && isKrbtgt(t, t.serverRealm) && valid(t, nowMs));
    const d = env.dsreg;
    const policy = env.cloudDebug?.enabledByPolicy ?? null;
    const reasons: string[] = [];
    const both = (...v: (boolean | null)[]): boolean | null => (v.includes(false) ? false : v.includes(null) ? null : true);
    const entra = d ? d.device.azureAdJoined : null;
    if (entra === false) reasons.push('not Microsoft Entra joined or hybrid joined');
    if (policy === false) reasons.push('the cloud Kerberos ticket policy is off');
    if (verdict?.modern === 'unsupported') reasons.push('this build is older than the modern flow needs');
    const joined = d ? d.device.domainJoined : null;
    if (joined === false) reasons.push('not joined to an Active Directory domain');
    if (verdict?.trust === 'unsupported') reasons.push('this build is older than the trust-based flow needs');
    const using = cloudTgt && valid(cloudTgt, nowMs) ? 'modern' : dcTgt && joined !== false ? 'trust' : null;
    // The flows the join state and policy allow; the build blocks when it is too old for each of them.
    const allowed = [...(entra !== false && policy !== false ? ['modern' as const] : []), ...(joined !== false ? ['trust' as const] : [])];
    const buildBlocks = verdict !== null && allowed.length > 0 && allowed.every((f) => verdict[f] === 'unsupported');
    facts.push({ kind: 'windows-flow', using, modernPossible: both(entra, policy === null ? null : policy, verdict ? verdict.modern === 'supported' : null),
      trustPossible: both(joined, verdict ? verdict.trust === 'supported' : null), reasons, buildBlocks });
    if (b && verdict) facts.push({ kind: 'windows-build', build: b.build, ubr: b.ubr, server: /server/i.test(verdict.label), label: verdict.label, modern: verdict.modern === 'supported', trust: verdict.trust === 'supported' });

    const groupsText = text(groups, 'whoami /groups');
    const token = groupsText === null ? null : parse('whoami /groups', () => parseWhoamiGroups(groupsText));
    if (token) facts.push({ kind: 'session', interactive: isInteractive(token), elevated: isElevated(token), logon: token.logon, integrity: token.integrity });

    if (cloudTgt) facts.push({ kind: 'cloud-tgt-age', start: cloudTgt.start, end: cloudTgt.end, now: now().toISOString() });

    // reg exits 1 with no output when a value is absent: empty text = not configured.
    const lsaText = lsa.status === 'fulfilled' ? lsa.value.stdout : null;
    const guardText = guardPolicy.status === 'fulfilled' ? guardPolicy.value.stdout : null;
    if (lsaText !== null || guardText !== null) {
      const cg = parse('LsaCfgFlags', () => parseCredentialGuard(lsaText ?? '', guardText ?? ''));
      if (cg) facts.push({ kind: 'credential-guard', config: cg.config, source: cg.source });
    } else text(lsa, `reg query ${LSA_KEY} /v LsaCfgFlags`);

    // The realm of the SPN's host: a host-to-realm mapping first, then KerbTopLevelNames.
    const realmWarnings: string[] = [];
    const mappings = [h2r, h2rPolicy].flatMap((r) => (r.status === 'fulfilled' ? parse('HostToRealm', () => parseHostToRealm(r.value.stdout)) ?? [] : []));
    if (h2r.status === 'rejected') realmWarnings.push(`reg query ${HOST_TO_REALM_KEY} could not be read: ${errorText(h2r.reason)}`);
    const names = d ? d.sso.kerbTopLevelNames : null;
    const coverage = names && names.length ? topLevelCoverage(names, host, port) : null;
    if (!d) realmWarnings.push('dsregcmd /status was not read: KerbTopLevelNames unknown');
    const route: WindowsFact = { kind: 'realm-route', host, port, topLevelNames: names && names.length ? names : null, coveredHost: coverage?.host ?? null,
      coveredPort: coverage?.port ?? null, mapping: mappedRealm(host, mappings), expectedRealm: tickets.serviceRealm, userRealm: tickets.userRealm };

    finishFactStep(doneDevice, facts, warnings);
    finishFactStep(doneRealm, [route], realmWarnings);
    const all = [...facts, route];
    return { out: { facts: all }, evidence: [{ step: 'device', evidence: facts as Evidence[] }, { step: 'realm-mapping', evidence: [route] }] };
  },
  bind: (p: Platform) => ({
    windows: p.os === 'win32',
    realmForHost: p.realmForHost,
    windowsTool: windowsToolOf(p),
  }),
};
