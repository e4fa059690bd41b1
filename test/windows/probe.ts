// The script node.exe runs under Wine for the Windows lane (test/windows/windows-lane.wine.ts): KerbProbe's
// own engine modules, bundled by build/windows/bundle.mjs, with process.platform === 'win32' for real.
// Windows Node under Wine cannot write to a Unix pipe (open EBADF), so the answer goes to a file:
//   node.exe probe.cjs <request.json> <result.json>
import { writeFileSync, readFileSync } from 'node:fs';
import {
  createBindingContext,
  loadBinding,
  requestFlags,
  type Mechanism,
} from '../../electron/engine/kerberos/binding';
import { bindingServiceName, buildServicePrincipal } from '../../electron/engine/kerberos/spn';
import { GssError } from '../../electron/engine/kerberos/gss-error';
import { KerbProbeError } from '../../electron/engine/errors';
import { windowsEnvironment } from '../../electron/engine/environment/windows-environment';
import { acquireInitialToken } from '../../electron/engine/kerberos/acquire';

export type ProbeRequest =
  /** The engine's own path: createBindingContext with its platform defaults, or the mechanism/flags given. */
  | { op: 'acquire'; host: string; port: number; mechanism?: Mechanism; flags?: number }
  /** The check's own call (kerberos/acquire): Negotiate, then the Kerberos package when Negotiate fails. */
  | { op: 'acquire-initial'; host: string; port: number }
  /** The native binding called directly with a service string of the caller's choosing (the SPN-form check). */
  | { op: 'acquire-raw'; service: string; mechanism?: Mechanism }
  | { op: 'environment' };

export interface ProbeError {
  name: string;
  code: string;
  message: string;
  evidence: unknown[];
}

export interface ProbeResult {
  platform: string;
  arch: string;
  node: string;
  /** What the engine hands to initializeClient on this platform. */
  service?: string;
  spn?: string;
  flags?: number;
  tokenBase64?: string;
  error?: ProbeError;
  environment?: unknown;
}

function describe(e: unknown): ProbeError {
  if (e instanceof GssError) return { name: e.name, code: e.code, message: e.message, evidence: e.evidence };
  if (e instanceof KerbProbeError) return { name: e.name, code: e.code, message: e.message, evidence: [] };
  return {
    name: e instanceof Error ? e.name : 'thrown',
    code: 'THROWN',
    message: e instanceof Error ? e.message : String(e),
    evidence: [],
  };
}

async function run(req: ProbeRequest): Promise<ProbeResult> {
  const base: ProbeResult = { platform: process.platform, arch: process.arch, node: process.version };
  if (req.op === 'environment') return { ...base, environment: await windowsEnvironment(process.env) };
  if (req.op === 'acquire-initial') {
    try {
      const a = await acquireInitialToken({ host: req.host, port: req.port });
      return { ...base, tokenBase64: a.token.toString('base64') };
    } catch (e) {
      const d = describe(e);
      // The retry merges the evidence of both packages onto the error (a plain property, not only GssError's).
      return { ...base, error: { ...d, evidence: (e as { evidence?: unknown[] }).evidence ?? d.evidence } };
    }
  }
  const b = await loadBinding();
  if (req.op === 'acquire-raw') {
    try {
      const client = await b.initializeClient(req.service, {
        flags: requestFlags(b, process.platform),
        mechOID: req.mechanism === 'spnego' ? b.GSS_MECH_OID_SPNEGO : b.GSS_MECH_OID_KRB5,
      });
      const token = await client.step('');
      return { ...base, service: req.service, tokenBase64: token ?? '' };
    } catch (e) {
      return { ...base, service: req.service, error: describe(e) };
    }
  }
  const sp = buildServicePrincipal(req.host, req.port);
  const out: ProbeResult = {
    ...base,
    service: bindingServiceName(sp, process.platform),
    spn: sp.spn,
    flags: req.flags ?? requestFlags(b, process.platform),
  };
  try {
    const ctx = await createBindingContext(
      { host: req.host, port: req.port },
      {
        ...(req.mechanism ? { mechanism: req.mechanism } : {}),
        ...(req.flags !== undefined ? { flags: req.flags } : {}),
      },
    );
    const token = await ctx.step();
    return { ...out, tokenBase64: token.toString('base64') };
  } catch (e) {
    return { ...out, error: describe(e) };
  }
}

const [reqFile, resFile] = process.argv.slice(2);
if (!reqFile || !resFile) throw new Error('usage: probe.cjs <request.json> <result.json>');
run(JSON.parse(readFileSync(reqFile, 'utf8')) as ProbeRequest).then(
  (r) => writeFileSync(resFile, JSON.stringify(r)),
  (e: unknown) =>
    writeFileSync(
      resFile,
      JSON.stringify({ platform: process.platform, arch: process.arch, node: process.version, error: describe(e) }),
    ),
);
