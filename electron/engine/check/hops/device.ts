// The Windows device checks Microsoft's troubleshooting makes by hand, before the ticket steps: the build
// against the flows (registry CurrentBuild / UBR), which flow the device can use and which it uses (join state,
// the cloud Kerberos policy, the tickets held), the session (whoami /groups), the cloud TGT's age, Credential
// Guard, and the realm Windows sends the SPN to (KerbTopLevelNames, host-to-realm mappings). Every read is a
// bounded tool call; a missing tool is a warning. The hop reports facts only: diagnose/ judges them. On MIT the
// realm step reads krb5.conf's domain_realm, its equivalent; the rest is skipped.
import type { WindowsFact } from '../../diagnose/evidence';
import { finishFactStep, warningReads } from './fact-step';
import { parseCredentialGuard, LSA_KEY } from '../../environment/credential-guard';
import { DEVICE_COMMANDS, type DeviceCommand } from '../../environment/device-commands';
import {
  buildFact,
  cloudTgtAgeFact,
  cloudTgtOf,
  credentialGuardFact,
  flowFact,
  realmRouteFact,
  sessionFact,
  spnHostPort,
} from '../../environment/windows-device-facts';
import { HOST_TO_REALM_KEY, parseHostToRealm } from '../../environment/realm-mapping';
import { CURRENT_VERSION_KEY, parseWindowsBuild } from '../../environment/windows-build';
import { parseWhoamiGroups } from '../../environment/whoami-groups';
import type { ToolResult } from '../../run-tool';
import type { Hop } from '../hop';
import type { Platform } from '../platform';
import { errorText } from '../hop-text';
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

/**
 * The device checks' Windows tool reads: bounded; exit 1 (reg's "value absent") and 1060 (sc's "no such
 * service") still answer.
 */
export const windowsToolOf =
  (p: Platform) =>
  (command: string, args: string[]): Promise<ToolResult> =>
    p.runTool(command, args, { timeoutMs: TOOL_TIMEOUT_MS, env: p.env, okExitCodes: [1, 1060] });

export const deviceHop: Hop<{ facts: WindowsFact[] }, DeviceDeps> = {
  name: 'device',
  needs: [environmentHop, ticketsHop],
  async run({ target, deps, steps, now, need }) {
    const { host } = spnHostPort(target.spn, target.port);
    if (!deps.windows) {
      steps.record(
        'device',
        'skip',
        "skipped: not Windows (the build, session and flow checks read Windows' own tools)",
      );
      const tickets = await need(ticketsHop);
      const realm = deps.realmForHost(host);
      const fact = realmRouteFact({
        spn: target.spn,
        port: target.port,
        kerbTopLevelNames: null,
        userRealm: tickets.userRealm,
        mappings: realm ? [{ realm, hosts: [host], key: 'krb5.conf [domain_realm]' }] : [],
      });
      const done = steps.start('realm-mapping');
      finishFactStep(done, [fact], []);
      return { out: { facts: [fact] }, evidence: [{ step: 'realm-mapping', evidence: [fact] }] };
    }
    const read = (c: DeviceCommand) => deps.windowsTool(c.command, [...c.args]);
    const doneDevice = steps.start('device');
    const doneRealm = steps.start('realm-mapping');
    const commands = DEVICE_COMMANDS;
    const [build, groups, lsa, guardPolicy, h2r, h2rPolicy] = await Promise.allSettled([
      read(commands.build),
      read(commands.groups),
      read(commands.lsaCfgFlags),
      read(commands.deviceGuardPolicy),
      read(commands.hostToRealm),
      read(commands.hostToRealmPolicy),
    ]);
    const env = await need(environmentHop);
    const tickets = await need(ticketsHop);
    const warnings: string[] = [];
    const { text, parse } = warningReads(warnings);
    const facts: WindowsFact[] = [];

    const buildText = text(build, `reg query ${CURRENT_VERSION_KEY}`);
    const windowsBuild = buildText === null ? null : parse('the Windows build', () => parseWindowsBuild(buildText));

    const policy = env.cloudDebug?.enabledByPolicy ?? null;
    const held = tickets.set?.tickets ?? [];
    facts.push(flowFact({ dsreg: env.dsreg ?? null, policy, build: windowsBuild, tickets: held, now: now() }));
    if (windowsBuild) facts.push(buildFact(windowsBuild));

    const groupsText = text(groups, 'whoami /groups');
    const token = groupsText === null ? null : parse('whoami /groups', () => parseWhoamiGroups(groupsText));
    if (token) facts.push(sessionFact(token, env.dsreg ?? null));

    const cloudTgt = cloudTgtOf(held);
    if (cloudTgt) facts.push(cloudTgtAgeFact(cloudTgt, now()));

    // reg exits 1 with no output when a value is absent: empty text = not configured.
    const lsaText = lsa.status === 'fulfilled' ? lsa.value.stdout : null;
    const guardText = guardPolicy.status === 'fulfilled' ? guardPolicy.value.stdout : null;
    if (lsaText !== null || guardText !== null) {
      const cg = parse('LsaCfgFlags', () => parseCredentialGuard(lsaText ?? '', guardText ?? ''));
      if (cg) facts.push(credentialGuardFact(cg));
    } else text(lsa, `reg query ${LSA_KEY} /v LsaCfgFlags`);

    // The realm of the SPN's host: a host-to-realm mapping first, then KerbTopLevelNames.
    const realmWarnings: string[] = [];
    const mappings = [h2r, h2rPolicy].flatMap((r) =>
      r.status === 'fulfilled' ? (parse('HostToRealm', () => parseHostToRealm(r.value.stdout)) ?? []) : [],
    );
    if (h2r.status === 'rejected')
      realmWarnings.push(`reg query ${HOST_TO_REALM_KEY} could not be read: ${errorText(h2r.reason)}`);
    if (!env.dsreg) realmWarnings.push('dsregcmd /status was not read: KerbTopLevelNames unknown');
    const route = realmRouteFact({
      spn: target.spn,
      port: target.port,
      kerbTopLevelNames: env.dsreg?.sso.kerbTopLevelNames ?? null,
      mappings,
      expectedRealm: tickets.serviceRealm,
      userRealm: tickets.userRealm,
    });

    finishFactStep(doneDevice, facts, warnings);
    finishFactStep(doneRealm, [route], realmWarnings);
    const all = [...facts, route];
    return {
      out: { facts: all },
      evidence: [
        { step: 'device', evidence: facts },
        { step: 'realm-mapping', evidence: [route] },
      ],
    };
  },
  bind: (p: Platform) => ({
    windows: p.os === 'win32',
    realmForHost: p.realmForHost,
    windowsTool: windowsToolOf(p),
  }),
};
