// Windows facts that decide which flow can work, read with timeouts (a missing tool is a warning, never a
// hang): join state (dsregcmd /status), cloud-Kerberos evidence (klist cloud_debug), the cloud-Kerberos
// policy from both registry paths Microsoft documents, and the KDC proxy servers configured by policy.
import type { RegKeyFieldKinds } from '../../contract/bundle';
import { release } from 'node:os';
import { sanitizeEvidenceText, type Evidence } from '../diagnose/evidence';
import { KerbProbeError } from '../errors';
import { describeUnread } from '../tickets/unread-lines';
import { runTool } from '../run-tool';
import { parseDsregcmd } from './dsregcmd';
import { dsregcmdEvidenceOf, dsregcmdJudgedAt } from './dsregcmd-reading';
import { parseCloudDebug } from './windows-cloud-debug';
import { dword, parseRegQuery } from './reg-query';
import type { EnvironmentFacts } from './environment-facts';
import { KDC_PROXY_KEY } from './kdc-proxy-policy';

const TOOL_TIMEOUT_MS = 3000;
export const CLOUD_KERBEROS_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\Parameters',
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters',
];

type Run = (command: string, args: string[]) => Promise<{ stdout: string }>;

const yn = (b: boolean | null) => (b === null ? '?' : b ? 'YES' : 'NO');
const tgtYn = (b: boolean | null) => (b === null ? 'not printed by this build' : b ? 'YES' : 'NO');

/** An output Windows printed in a layout no parser knows is a warning of the step, never a crash of the check. */
function readOrWarn<T>(parse: () => T, what: string, warnings: string[]): T | null {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof KerbProbeError)) throw err;
    warnings.push(`${what} could not be read [${err.code}]: ${sanitizeEvidenceText(err.message)}`);
    return null;
  }
}
const why = (r: PromiseSettledResult<unknown>) =>
  r.status === 'rejected' ? (r.reason instanceof Error ? r.reason.message : String(r.reason)) : '';

export async function windowsEnvironment(
  env: NodeJS.ProcessEnv,
  run: Run = (c, a) => runTool(c, a, { timeoutMs: TOOL_TIMEOUT_MS, env, okExitCodes: [1] }),
): Promise<EnvironmentFacts> {
  const [dsreg, cloud, ...regs] = await Promise.allSettled([
    run('dsregcmd', ['/status']),
    run('klist', ['cloud_debug']),
    ...CLOUD_KERBEROS_KEYS.map((k) => run('reg', ['query', k, '/v', 'CloudKerberosTicketRetrievalEnabled'])),
    run('reg', ['query', KDC_PROXY_KEY]),
  ]);
  const evidence: string[] = [];
  const warnings: string[] = [];
  const facts: Evidence[] = [];
  let cloudTgt: boolean | null = null;
  let policy: boolean | null = null;
  let dsregStatus: EnvironmentFacts['dsreg'];
  let cloudDebug: EnvironmentFacts['cloudDebug'];

  if (dsreg?.status === 'fulfilled') {
    const parsedDsreg = readOrWarn(() => parseDsregcmd(dsreg.value.stdout), 'dsregcmd /status', warnings);
    if (parsedDsreg) {
      dsregStatus = parsedDsreg;
      cloudTgt = parsedDsreg.sso.cloudTgt;
      // The same evidence a pasted dsregcmd gives (environment/dsregcmd-reading.ts): the PRT, its last failed
      // attempt and its expiry, judged at the output's own Client Time.
      facts.push(dsregcmdEvidenceOf(parsedDsreg, dsregcmdJudgedAt(parsedDsreg, null)));
      // CloudTgt / OnPremTgt exist from Windows 11 21H2 on; OnPremTgt is cloud Kerberos trust's ticket for
      // on-premises resources, not the trust-based flow's TGT (that one only klist shows):
      // https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state
      evidence.push(
        `dsregcmd: AzureAdJoined ${yn(parsedDsreg.device.azureAdJoined)}, ` +
          `DomainJoined ${yn(parsedDsreg.device.domainJoined)}, ` +
          `AzureAdPrt ${yn(parsedDsreg.sso.azureAdPrt)}, ` +
          `CloudTgt ${tgtYn(parsedDsreg.sso.cloudTgt)} (cloud ticket for cloud resources), ` +
          `OnPremTgt ${tgtYn(parsedDsreg.sso.onPremTgt)} (cloud Kerberos trust ticket for on-premises resources)`,
      );
      const unread = describeUnread('dsregcmd /status', parsedDsreg.unread, sanitizeEvidenceText, 3);
      if (unread) warnings.push(unread);
    }
  } else if (dsreg) warnings.push(`dsregcmd /status could not be read: ${why(dsreg)}`);

  if (cloud?.status === 'fulfilled') {
    const parsedCloudDebug = readOrWarn(() => parseCloudDebug(cloud.value.stdout), 'klist cloud_debug', warnings);
    if (parsedCloudDebug) {
      cloudDebug = parsedCloudDebug;
      policy = parsedCloudDebug.enabledByPolicy;
      facts.push({
        kind: 'cloud-debug',
        policyEnabled: parsedCloudDebug.enabledByPolicy,
        cloudTgtAvailable: parsedCloudDebug.cloudPrimaryTgtAvailable,
      });
      const { enabledByPolicy, cloudPrimaryTgtAvailable } = parsedCloudDebug;
      const policyText = enabledByPolicy === null ? '?' : Number(enabledByPolicy);
      const availableText = cloudPrimaryTgtAvailable === null ? '?' : Number(cloudPrimaryTgtAvailable);
      evidence.push(
        `klist cloud_debug: enabled by policy ${policyText}, ` +
          `Cloud Primary (Hybrid logon) TGT available ${availableText}`,
      );
      const unread = describeUnread('klist cloud_debug', parsedCloudDebug.unread, sanitizeEvidenceText, 3);
      if (unread) warnings.push(unread);
    }
  } else if (cloud) warnings.push(`klist cloud_debug could not be read: ${why(cloud)}`);

  // Both documented registry paths: report each; klist cloud_debug (the effective value) wins when present.
  const proxyResult = regs.pop();
  regs.forEach((r, i) => {
    const path = CLOUD_KERBEROS_KEYS[i]!;
    const v = r.status === 'fulfilled' ? dword(safeParse(r.value.stdout), 'CloudKerberosTicketRetrievalEnabled') : null;
    evidence.push(`${path}\\CloudKerberosTicketRetrievalEnabled = ${v === null ? 'not set' : v}`);
    if (policy === null && v !== null) policy = v === 1;
  });
  if (proxyResult?.status === 'fulfilled') {
    const servers = safeParse(proxyResult.value.stdout).filter((v) => v.type === 'REG_SZ');
    evidence.push(
      servers.length
        ? `KDC proxy servers by policy: ${servers.map((v) => `${v.name} → ${v.data}`).join('; ')}`
        : 'no KDC proxy servers configured by policy',
    );
  }
  return {
    os: `Windows ${release()}`,
    detail: `Windows ${release()}; ${evidence.slice(0, 2).join('; ') || 'join state unknown'}`,
    evidence,
    warnings,
    cloudTgt,
    cloudKerberosPolicy: policy,
    facts,
    ...(dsregStatus ? { dsreg: dsregStatus } : {}),
    ...(cloudDebug ? { cloudDebug } : {}),
  };
}

function safeParse(text: string) {
  try {
    return parseRegQuery(text);
  } catch {
    return [];
  }
}

/**
 * What the two cloud Kerberos keys hold, for redaction (engine/report/redact-tool-output.ts): Microsoft's settings,
 * each a number (CloudKerberosTicketRetrievalEnabled, SupportedEncryptionTypes, …); REG_DWORD and REG_QWORD data
 * are kept whatever the name, any other value is redacted.
 */
export const CLOUD_KERBEROS_FIELD_KINDS: readonly RegKeyFieldKinds[] = CLOUD_KERBEROS_KEYS.map((key) => ({
  key,
  values: {},
}));
