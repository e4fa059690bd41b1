// `kerbprobe collect` and the app's "Collect for helpdesk": every command a helpdesk would ask the user to run,
// run in the user's own session through the ToolRunner (each with a time limit and an output limit; a missing
// or failing command is noted, never fatal), plus the check, into one bundle (contract/bundle.ts) that
// `kerbprobe analyze` and the Helpdesk view open. Outputs are kept as printed; parsers read them later.
// `klist tgt` is never run: it prints the session key.
import {
  BUNDLE_FORMAT,
  BUNDLE_SCHEMA_VERSION,
  BundleSchema,
  type Bundle,
  type CommandCapture,
} from '../../contract/bundle';
import { CLOUD_REALM } from '../../contract/azure';
import { MAX_COLLECTED_OUTPUT } from '../../contract/limits';
import type { CheckReport, Ticket } from '../../contract/report';
import { KerbProbeError } from '../errors';
import { DEVICE_COMMANDS } from '../environment/device-commands';
import { KDC_PROXY_KEY } from '../environment/kdc-proxy-policy';
import { CLOUD_KERBEROS_KEYS } from '../environment/windows-environment';
import { isElevated, parseWhoamiGroups } from '../environment/whoami-groups';
import { redactWith } from '../report/redact';
import { structureToolOutput } from '../report/redact-tool-output';
import type { ToolRunner } from '../run-tool';
import { ticketsFromKlistText } from '../tickets/ticket-source';
import { TOOL_VERSION } from '../version';

/** One question a helpdesk asks: a stable id, the command and its arguments. */
export interface CollectQuestion {
  id: string;
  command: string;
  args: string[];
}

export interface CollectTarget {
  server: string;
  port: number;
}

const q = (id: string, command: string, ...args: string[]): CollectQuestion => ({ id, command, args });

/** `MSSQLSvc/<fqdn>:<port>`, as Windows builds it from the name the user typed. */
export const sqlSpn = (t: CollectTarget): string => `MSSQLSvc/${t.server.toLowerCase()}:${t.port}`;

/**
 * The instance's other endpoint, when the name is a managed instance's: the VNet-local name on 1433 and the
 * public endpoint `<mi>.public.<zone>…` on 3342
 * (https://learn.microsoft.com/azure/azure-sql/managed-instance/public-endpoint-overview).
 */
export function otherEndpoint(t: CollectTarget): CollectTarget | null {
  const m = /^([^.]+)\.(public\.)?([^.]+\.database\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net))$/i.exec(
    t.server,
  );
  if (!m) return null;
  return m[2] ? { server: `${m[1]}.${m[3]}`, port: 1433 } : { server: `${m[1]}.public.${m[3]}`, port: 3342 };
}

/** `hostToRealmPolicy` → `device-host-to-realm-policy`: the device checks' names, as bundle ids. */
const deviceId = (name: string): string => `device-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * What Microsoft's troubleshooting asks for, in that order: the tickets as they are, `klist get` of the
 * referral and of both endpoints' SPNs, `klist cloud_debug`, `dsregcmd /status`
 * (https://learn.microsoft.com/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot), the Kerberos
 * parameters and the cloud Kerberos policy (both paths), the KDC proxy policy, then every command the device
 * checks read (environment/device-commands.ts: the OS build, `whoami /groups`, Credential Guard, the
 * host-to-realm mappings, `netsh winhttp show proxy`, iphlpsvc's ProxyMgr, KdcProxyServer_Enabled, `sc query`
 * of WinHttpAutoProxySvc and iphlpsvc), with the same arguments, so analyze reads them with the same parsers.
 */
export function windowsQuestions(target: CollectTarget | null): CollectQuestion[] {
  const other = target ? otherEndpoint(target) : null;
  return [
    q('klist', 'klist'),
    q('klist-get-referral', 'klist', 'get', `krbtgt/${CLOUD_REALM}`),
    ...(target ? [q('klist-get-service', 'klist', 'get', sqlSpn(target))] : []),
    ...(other ? [q('klist-get-other-endpoint', 'klist', 'get', sqlSpn(other))] : []),
    q('klist-cloud-debug', 'klist', 'cloud_debug'),
    q('dsregcmd-status', 'dsregcmd', '/status'),
    q('reg-lsa-kerberos-parameters', 'reg', 'query', CLOUD_KERBEROS_KEYS[1]!),
    q('reg-policy-kerberos-parameters', 'reg', 'query', CLOUD_KERBEROS_KEYS[0]!),
    q('reg-kdc-proxy', 'reg', 'query', KDC_PROXY_KEY),
    ...Object.entries(DEVICE_COMMANDS).map(([name, c]) => q(deviceId(name), c.command, ...c.args)),
  ];
}

/** The MIT tools' counterparts on the test bench (Linux, macOS): the cache as it is, then the same two tickets. */
export function mitQuestions(target: CollectTarget | null): CollectQuestion[] {
  const other = target ? otherEndpoint(target) : null;
  return [
    q('klist', 'klist'),
    q('kvno-referral', 'kvno', `krbtgt/${CLOUD_REALM}`),
    ...(target ? [q('kvno-service', 'kvno', sqlSpn(target))] : []),
    ...(other ? [q('kvno-other-endpoint', 'kvno', sqlSpn(other))] : []),
  ];
}

export interface CollectOptions {
  platform: NodeJS.Platform;
  runTool: ToolRunner;
  env?: NodeJS.ProcessEnv;
  now: () => Date;
  target: CollectTarget | null;
  /** Runs the check for the target (the engine's runCheck with the platform's deps). */
  runCheck?: () => Promise<CheckReport>;
  redact: boolean;
  /** Per command (default 10 s: `klist get` may wait on a KDC). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** A proxy setting may carry a password in its URL (`http://user:secret@proxy:8888`): never kept. */
export function withoutUrlCredentials(s: string): string {
  return s.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi, '$1[credentials removed]@');
}

/** CurrentVersion also holds the encoded product key (DigitalProductId…, REG_BINARY): never kept. */
const withoutProductKey = (s: string): string =>
  s.replace(/^[ \t]+DigitalProductId\S*[ \t]+REG_BINARY[^\r\n]*(\r?\n)?/gim, '');

function cut(raw: string): { text: string; cut: boolean } {
  const s = withoutProductKey(withoutUrlCredentials(raw));
  return s.length > MAX_COLLECTED_OUTPUT
    ? { text: s.slice(0, MAX_COLLECTED_OUTPUT), cut: true }
    : { text: s, cut: false };
}

const OUTCOME: Record<string, CommandCapture['outcome']> = { TOOL_NOT_FOUND: 'missing', TOOL_TIMEOUT: 'timeout' };

async function ask(question: CollectQuestion, options: CollectOptions): Promise<CommandCapture> {
  const command = [question.command, ...question.args].join(' ');
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    // Every exit code keeps its output: a failing klist get or reg query IS the answer the helpdesk wants.
    const result = await options.runTool(question.command, question.args, {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      anyExitCode: true,
      maxOutputBytes: MAX_COLLECTED_OUTPUT * 4,
      ...(options.env ? { env: options.env } : {}),
    });
    const out = cut(result.stdout);
    const err = cut(result.stderr);
    return {
      id: question.id,
      command,
      outcome: 'ok',
      exitCode: result.exitCode,
      stdout: out.text,
      stderr: err.text,
      truncated: out.cut || err.cut,
      ms: ms(),
    };
  } catch (err) {
    if (!(err instanceof KerbProbeError)) throw err;
    return {
      id: question.id,
      command,
      outcome: OUTCOME[err.code] ?? 'failed',
      exitCode: null,
      stdout: '',
      stderr: '',
      truncated: false,
      ms: ms(),
      note: `[${err.code}] ${err.message}`.slice(0, 2000),
    };
  }
}

/**
 * An elevated token (whoami /groups: High or System mandatory level) is another logon session with its own
 * tickets.
 */
function elevatedFrom(captures: readonly CommandCapture[]): boolean | null {
  const whoami = captures.find((c) => c.id === deviceId('groups') && c.outcome === 'ok' && c.exitCode === 0);
  if (!whoami) return null;
  try {
    const token = parseWhoamiGroups(whoami.stdout);
    return token.integrity === null ? null : isElevated(token);
  } catch (err) {
    if (err instanceof KerbProbeError) return null;
    throw err;
  }
}

/** The tickets the collected klist outputs name (seeds redaction with the names they hold). */
function ticketsIn(captures: readonly CommandCapture[]): Ticket[] {
  return captures.flatMap((c) => {
    if (c.outcome !== 'ok' || !c.stdout.trim()) return [];
    try {
      return ticketsFromKlistText(c.stdout).tickets;
    } catch {
      return [];
    }
  });
}

export async function collectBundle(options: CollectOptions): Promise<Bundle> {
  const capturedAt = options.now();
  const questions = options.platform === 'win32' ? windowsQuestions(options.target) : mitQuestions(options.target);
  // One at a time, in the order a helpdesk asks: `klist` first shows the cache before `klist get` adds to it.
  const commands: CommandCapture[] = [];
  for (const question of questions) commands.push(await ask(question, options));
  const { check, checkError } = await checkOf(options.runCheck);
  let bundle: Bundle = {
    format: BUNDLE_FORMAT,
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    tool: { name: 'kerbprobe', version: TOOL_VERSION, platform: `${process.platform}-${process.arch}` },
    capturedAt: capturedAt.toISOString(),
    redacted: false,
    target: options.target
      ? { server: options.target.server, port: options.target.port, spn: sqlSpn(options.target) }
      : null,
    elevated: elevatedFrom(commands),
    commands,
    check,
    checkError,
  };
  // The collection's own KRB5_CONFIG and KRB5CCNAME name paths (a user folder): each is redacted whole.
  const env = options.env ?? {};
  const pathLines = (['KRB5_CONFIG', 'KRB5CCNAME'] as const).flatMap((k) => (env[k] ? [`${k}=${env[k]}`] : []));
  if (options.redact) bundle = redactBundle(bundle, pathLines);
  return BundleSchema.parse(bundle);
}

/** The check's report, or why it could not run: a failed check never costs the bundle the commands' answers. */
async function checkOf(runCheck: CollectOptions['runCheck']): Promise<Pick<Bundle, 'check' | 'checkError'>> {
  if (!runCheck) return { check: null, checkError: null };
  try {
    return { check: await runCheck(), checkError: null };
  } catch (err) {
    const checkError =
      err instanceof KerbProbeError
        ? { code: err.code, message: err.message.slice(0, 2000) }
        : { code: 'INTERNAL', message: 'the check stopped with an internal error' };
    return { check: null, checkError };
  }
}

/**
 * Every name in the bundle replaced by the report module's placeholders, the same in the check and in every
 * output.
 */
export function redactBundle(bundle: Bundle, pathLines: readonly string[] = []): Bundle {
  // Each output read by its tool's field kinds first: names to the namer, unclassified fields redacted.
  const outputs = bundle.commands.map((capture) =>
    capture.outcome === 'ok' ? structureToolOutput(capture.command, capture.stdout) : { text: '', names: [] },
  );
  const texts = bundle.commands.flatMap((capture, i) => [
    capture.command,
    outputs[i]?.text ?? '',
    capture.stderr,
    capture.note ?? '',
  ]);
  const hosts = bundle.target
    ? [bundle.target.server, ...(otherEndpoint(bundle.target) ? [otherEndpoint(bundle.target)!.server] : [])]
    : [];
  const redacted = redactWith(bundle.check, {
    tickets: ticketsIn(bundle.commands),
    named: outputs.flatMap((o) => o.names),
    paths: pathLines,
    hosts,
    ...(bundle.target ? { port: bundle.target.port } : {}),
    texts: [...texts, bundle.target?.server ?? '', bundle.target?.spn ?? '', bundle.checkError?.message ?? ''],
  });
  let read = 0;
  const next = () => redacted.texts[read++] ?? '';
  const commands = bundle.commands.map((capture) => {
    const command = next();
    const stdout = next();
    const stderr = next();
    const note = next();
    // A placeholder can be longer than the name it replaces: every text is held to its schema limit again.
    return {
      ...capture,
      command: command.slice(0, 1000),
      stdout: stdout.slice(0, MAX_COLLECTED_OUTPUT),
      stderr: stderr.slice(0, MAX_COLLECTED_OUTPUT),
      ...(capture.note !== undefined ? { note: note.slice(0, 2000) } : {}),
    };
  });
  const server = next();
  const spn = next();
  const checkMessage = next();
  return {
    ...bundle,
    redacted: true,
    commands,
    check: redacted.report,
    target: bundle.target ? { ...bundle.target, server: server.slice(0, 253), spn } : null,
    checkError: bundle.checkError ? { ...bundle.checkError, message: checkMessage.slice(0, 2000) } : null,
  };
}
