// Kerberos acquisition through the `kerberos` native binding (MIT GSSAPI on Unix, SSPI on Windows),
// behind the SecurityContext seam the TDS login uses.
//
// What the native code really reads (node_modules/kerberos/src, 7.0.0), not what its typings say:
// `options.flags` (the typings' `gssFlag` is ignored), `options.mechOID` (9 krb5, 6 SPNEGO; on Windows
// 6 selects the "Negotiate" package, anything else "Kerberos"). On Windows the flags are passed straight
// into InitializeSecurityContext as ISC_REQ_* bits: 2/4/8 coincide with MUTUAL/REPLAY/SEQUENCE, but 32
// (GSS_C_INTEG_FLAG) is ISC_REQ_USE_SESSION_KEY there, so it is only sent on Unix.
//
// Time: each native call runs on libuv's thread pool and can block ~27 s on a KDC that never answers.
// Every call here races a budget; on expiry the caller gets TIMEOUT at once and the native call is
// abandoned (it finishes in the background). Abandoned calls still hold pool threads, so while too many
// are outstanding new calls fail fast with BINDING_BUSY instead of starving DNS and file I/O.
//
// Environment: MIT reads KRB5_CONFIG and KRB5CCNAME from the process environment on every context
// creation. One process can therefore run any number of concurrent acquisitions with the SAME Kerberos
// environment, but not two different ones at once: a context asking for a different environment while
// another is in flight is refused with KRB5_ENV_CONFLICT (run such checks one after the other, or in
// separate processes).
import { KerbProbeError } from '../errors';
import { abandonedCalls, noteAbandonedCallEnded, noteCallAbandoned } from './abandoned-calls';
import type { DiagnosisCode } from '../../contract/codes';
import type { Evidence } from '../diagnose/evidence';
import { classify as classifyEvidence } from '../diagnose/classify';
import { GssError, type GssCall } from './gss-error';
import { CLOUD_REALM } from '../../contract/azure';
import { IPC_ERROR_CODES } from '../../contract/error-codes';
import { bindingServiceName, buildServicePrincipal, type ServicePrincipal } from './spn';
import { loadProfile } from '../net/krb5-profile';
import { assertKerberosFilesUsable } from './kerberos-files';
import { defaultRealm, realmForHost } from '../net/kdc-locations';
import type { SecurityContext, SecurityContextFactory, SecurityTarget } from './security-context';

interface NativeClient {
  step(challenge: string): Promise<string | null>;
  readonly contextComplete: boolean;
  readonly username: string | null;
}
interface NativeBinding {
  initializeClient(
    service: string,
    options: { flags: number; mechOID: number; principal?: string },
  ): Promise<NativeClient>;
  GSS_C_MUTUAL_FLAG: number;
  GSS_C_REPLAY_FLAG: number;
  GSS_C_SEQUENCE_FLAG: number;
  GSS_C_INTEG_FLAG: number;
  GSS_MECH_OID_KRB5: number;
  GSS_MECH_OID_SPNEGO: number;
}

export type Mechanism = 'krb5' | 'spnego';

export interface KerberosEnv {
  KRB5_CONFIG?: string;
  KRB5CCNAME?: string;
}

export interface BindingOptions {
  platform?: NodeJS.Platform;
  /** Default: raw krb5 on Unix (what FreeTDS sends), SPNEGO on Windows (SSPI Negotiate, as SSMS does). */
  mechanism?: Mechanism;
  /** Budget for each native call, in ms. */
  callBudgetMs?: number;
  /** Aborts pending calls (they are abandoned, see above). */
  signal?: AbortSignal;
  /** Kerberos environment for this context; absent keys keep the process's values. */
  env?: KerberosEnv;
  /** Maps the binding's evidence to a diagnosis code (default: the engine's classifier); null leaves GSS_FAILURE. */
  classify?: ((evidence: Evidence[]) => DiagnosisCode | null) | null;
  /** Client principal to use instead of the cache's default (Unix). */
  principal?: string;
  /** Override the GSS request flags (default: requestFlags()); for diagnostics and tests. */
  flags?: number;
}

export const DEFAULT_CALL_BUDGET_MS = 5000;

let bindingPromise: Promise<NativeBinding> | null = null;

/** Loaded on first use: requiring it dlopens the GSSAPI libraries, which costs start-up time. */
export function loadBinding(): Promise<NativeBinding> {
  // In the CommonJS bundles (CLI, Electron main) a plain require resolves the addon like any other
  // module (also from an unpacked asar); under the ESM test runner only import() exists.
  const load = async (): Promise<unknown> => (typeof require === 'function' ? require('kerberos') : import('kerberos'));
  bindingPromise ??= load().then(
    (m) => ((m as { default?: unknown }).default ?? m) as NativeBinding,
    (err: unknown) => {
      bindingPromise = null;
      throw new KerbProbeError(
        'BINDING_UNAVAILABLE',
        `The Kerberos library could not be loaded: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    },
  );
  return bindingPromise;
}

/** GSS request flags in the form the native code reads for this platform. */
export function requestFlags(
  b: Pick<NativeBinding, 'GSS_C_MUTUAL_FLAG' | 'GSS_C_REPLAY_FLAG' | 'GSS_C_SEQUENCE_FLAG' | 'GSS_C_INTEG_FLAG'>,
  platform: NodeJS.Platform,
): number {
  const common = b.GSS_C_MUTUAL_FLAG | b.GSS_C_REPLAY_FLAG | b.GSS_C_SEQUENCE_FLAG;
  return platform === 'win32' ? common : common | b.GSS_C_INTEG_FLAG;
}

// ---- environment and thread-pool guards (process-wide by nature) ----

export { abandonedCalls };

const envKeys = ['KRB5_CONFIG', 'KRB5CCNAME'] as const;
let envInFlight = 0;
let envActive: string | null = null;

function poolSize(): number {
  const n = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : 4;
}

function enterEnv(env: KerberosEnv | undefined): () => void {
  const wanted = envKeys.map((k) => (env && k in env ? env[k] : process.env[k]) ?? '');
  const key = JSON.stringify(wanted);
  if (envInFlight > 0 && envActive !== key) {
    throw new KerbProbeError(
      'KRB5_ENV_CONFLICT',
      'Another Kerberos acquisition with a different KRB5_CONFIG/KRB5CCNAME is in progress in this process; run ' +
        'checks with different Kerberos environments one after the other.',
    );
  }
  envKeys.forEach((key, index) => {
    const value = wanted[index]!;
    if ((process.env[key] ?? '') === value) return;
    if (value) process.env[key] = value;
    else delete process.env[key];
  });
  envActive = key;
  envInFlight++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--envInFlight === 0) envActive = null;
  };
}

/** Run one native call within the budget; the environment stays pinned until the call really ends. */
async function callNative<T>(
  fn: () => Promise<T>,
  call: { env?: KerberosEnv; budgetMs: number; signal?: AbortSignal; what: string },
): Promise<T> {
  const abandoned = abandonedCalls();
  if (abandoned >= Math.max(1, poolSize() - 1)) {
    throw new KerbProbeError(
      'BINDING_BUSY',
      `${abandoned} earlier Kerberos calls are still waiting for an unresponsive KDC; try again shortly.`,
    );
  }
  if (call.signal?.aborted) throw new KerbProbeError(IPC_ERROR_CODES.cancelled, `${call.what} was cancelled`);
  const release = enterEnv(call.env);
  let native: Promise<T>;
  try {
    native = fn();
  } catch (startError) {
    release();
    throw startError;
  }
  let settled = false;
  let wasAbandoned = false;
  native
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => {
      settled = true;
      if (wasAbandoned) noteAbandonedCallEnded();
      release();
    });
  return new Promise<T>((resolve, reject) => {
    const giveUp = (err: KerbProbeError) => {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      if (!settled) {
        wasAbandoned = true;
        noteCallAbandoned();
      }
      reject(err);
    };
    const timer = setTimeout(
      () =>
        giveUp(
          new KerbProbeError(
            'TIMEOUT',
            `${call.what} got no answer within ${call.budgetMs} ms: the KDC (or its proxy) is not answering.`,
          ),
        ),
      call.budgetMs,
    );
    const onAbort = () => giveUp(new KerbProbeError(IPC_ERROR_CODES.cancelled, `${call.what} was cancelled`));
    call.signal?.addEventListener('abort', onAbort, { once: true });
    native.then(
      (value) => {
        clearTimeout(timer);
        call.signal?.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        call.signal?.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

// ---- the SecurityContext ----

export class BindingSecurityContext implements SecurityContext {
  readonly spn: string;
  readonly principal: ServicePrincipal;
  private steps = 0;
  private serverTokenProcessed = false;
  private done = false;

  constructor(
    private readonly client: NativeClient,
    sp: ServicePrincipal,
    private readonly o: ContextOptions,
  ) {
    this.spn = sp.spn;
    this.principal = sp;
  }

  get complete(): boolean {
    return this.done;
  }

  /** Only after the server's token (AP-REP) was accepted by the GSS layer with mutual auth requested. */
  get mutualAuthVerified(): boolean {
    return this.done && this.serverTokenProcessed;
  }

  /** The client principal, once the context is complete (e.g. `alice@CONTOSO.COM`). */
  get clientName(): string | null {
    return this.done ? this.client.username : null;
  }

  async step(serverToken?: Buffer): Promise<Buffer> {
    if (this.done) throw new KerbProbeError('CONTEXT_COMPLETE', 'The security context is already complete.');
    if (serverToken !== undefined && serverToken.length === 0) {
      throw new KerbProbeError('PROTOCOL_ERROR', 'The server sent an empty security token.');
    }
    if (this.steps > 0 && serverToken === undefined) {
      throw new KerbProbeError('PROTOCOL_ERROR', 'A continuation step needs the server token.');
    }
    const first = this.steps++ === 0;
    const challenge = serverToken ? serverToken.toString('base64') : '';
    let response: string | null;
    try {
      response = await callNative(() => this.client.step(challenge), {
        env: this.o.env,
        budgetMs: this.o.callBudgetMs,
        signal: this.o.signal,
        what: first ? `Getting a service ticket for ${this.spn}` : `Checking the server's answer for ${this.spn}`,
      });
    } catch (err) {
      throw toGssError(err, 'step', first ? 'tgs' : 'ap', this.o, this.spn);
    }
    if (serverToken) this.serverTokenProcessed = true;
    const out = response ? Buffer.from(response, 'base64') : Buffer.alloc(0);
    // SSPI reports completion even on SEC_I_CONTINUE_NEEDED, so on Windows completion means: the
    // server's token was accepted and nothing more needs to be sent.
    this.done =
      this.o.platform === 'win32' ? this.serverTokenProcessed && out.length === 0 : this.client.contextComplete;
    return out;
  }
}

type ContextOptions = BindingOptions & {
  platform: NodeJS.Platform;
  callBudgetMs: number;
  realms: { realm?: string; userRealm?: string };
};

function toGssError(e: unknown, call: GssCall, stage: 'tgs' | 'ap', o: ContextOptions, spn: string): Error {
  if (e instanceof KerbProbeError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  const provider = o.platform === 'win32' ? 'sspi' : 'gssapi';
  const err = new GssError('GSS_FAILURE', { rawMessage: raw, call, stage, provider, spn, ...o.realms });
  const classifier = o.classify === undefined ? (ev: Evidence[]) => classifyEvidence(ev).code : o.classify;
  const code = classifier?.(err.evidence);
  return code ? err.withCode(code) : err;
}

/** Which realm the SPN and the user are in, as far as configuration tells: context for the classifier. */
function realmsFor(
  sp: ServicePrincipal,
  platform: NodeJS.Platform,
  env: KerberosEnv | undefined,
): { realm?: string; userRealm?: string } {
  const fallback = sp.azureSql ? { realm: CLOUD_REALM } : {};
  if (platform === 'win32') return fallback;
  try {
    const loaded = loadProfile({ ...process.env, ...env });
    const realm = realmForHost(sp.host, loaded) ?? fallback.realm;
    const userRealm = defaultRealm(loaded.profile) ?? undefined;
    return { ...(realm ? { realm } : {}), ...(userRealm ? { userRealm } : {}) };
  } catch {
    // An unreadable krb5.conf surfaces in the GSS error itself; the classifier then works without realms.
    return fallback;
  }
}

/** A SecurityContextFactory over the native binding. */
export function createBindingFactory(options: BindingOptions = {}): SecurityContextFactory {
  return async (target: SecurityTarget) => createBindingContext(target, options);
}

export async function createBindingContext(
  target: SecurityTarget,
  options: BindingOptions = {},
): Promise<BindingSecurityContext> {
  const platform = options.platform ?? process.platform;
  const sp = buildServicePrincipal(target.host, target.port);
  const contextOptions: ContextOptions = {
    ...options,
    platform,
    callBudgetMs: options.callBudgetMs ?? DEFAULT_CALL_BUDGET_MS,
    realms: realmsFor(sp, platform, options.env),
  };
  // MIT opens these itself, blocking: a FIFO there would hold a pool thread (and the process) for ever.
  if (platform !== 'win32') assertKerberosFilesUsable({ ...process.env, ...options.env });
  const binding = await loadBinding();
  const mech = options.mechanism ?? (platform === 'win32' ? 'spnego' : 'krb5');
  const init = {
    flags: options.flags ?? requestFlags(binding, platform),
    mechOID: mech === 'spnego' ? binding.GSS_MECH_OID_SPNEGO : binding.GSS_MECH_OID_KRB5,
    ...(options.principal ? { principal: options.principal } : {}),
  };
  let client: NativeClient;
  try {
    client = await callNative(() => binding.initializeClient(bindingServiceName(sp, platform), init), {
      env: contextOptions.env,
      budgetMs: contextOptions.callBudgetMs,
      signal: contextOptions.signal,
      what: `Preparing Kerberos for ${sp.spn}`,
    });
  } catch (err) {
    throw toGssError(err, 'initialize', 'tgs', contextOptions, sp.spn);
  }
  return new BindingSecurityContext(client, sp, contextOptions);
}
