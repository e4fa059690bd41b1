// The one way `kerbprobe admin` talks to Azure Resource Manager, Resource Graph and Microsoft Graph: HTTPS only,
// a bearer token that goes only to the origin it was issued for, every answer bounded in size and time, parsed
// as JSON and validated by the caller's schema. The token never appears in an error, a log or a report; an
// error names the service's own code (Authorization_RequestDenied, AuthorizationFailed…), neutralised.
import type { Agent } from 'node:https';
import type { z } from 'zod';
import { KerbProbeError } from '../errors';
import { sanitizeEvidenceText } from '../diagnose/evidence-text';
import { boundedHttps } from '../net/bounded-https';

/** The most bytes one answer may have: a page of Conditional Access policies is tens of kB. */
export const MAX_RESPONSE_BYTES = 4_000_000;
/** How long one request may take, connect to last byte. */
export const REQUEST_TIMEOUT_MS = 20_000;

export const AZURE_HTTP_CODES = {
  /** No answer in time, the connection failed, or the answer was too large. */
  unreachable: 'ADMIN_HTTP_FAILED',
  /** The answer was not JSON, or not the shape Microsoft documents. */
  badAnswer: 'ADMIN_BAD_ANSWER',
} as const;

/** An answer with a status other than 2xx: the status and the service's error code and message, neutralised. */
export interface AzureErrorAnswer {
  status: number;
  /** `error.code` of ARM and Graph error bodies (`AuthorizationFailed`, `Authorization_RequestDenied`). */
  code: string | null;
  message: string | null;
}

export type AzureAnswer<T> = { ok: true; value: T } | { ok: false; error: AzureErrorAnswer };

export interface AzureRequest {
  method: 'GET' | 'POST';
  url: string;
  token: string;
  body?: unknown;
  signal?: AbortSignal;
}

/** What every request needs: the CA the lab's emulator is trusted by (undefined: the system's), the limits. */
export interface AzureHttpOptions {
  agent?: Agent;
  timeoutMs?: number;
  maxBytes?: number;
}

export type AzureHttp = <S extends z.ZodType>(req: AzureRequest, schema: S) => Promise<AzureAnswer<z.infer<S>>>;

/** The `error` object ARM and Graph both answer with. */
function errorOf(status: number, json: unknown): AzureErrorAnswer {
  const err = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const text = (v: unknown): string | null => (typeof v === 'string' ? sanitizeEvidenceText(v).slice(0, 300) : null);
  return { status, code: text(err?.code), message: text(err?.message) };
}

/** The raw exchange: status and body, bounded (net/bounded-https.ts); every way it fails is ADMIN_HTTP_FAILED. */
async function exchange(req: AzureRequest, opts: AzureHttpOptions): Promise<{ status: number; body: string }> {
  const url = new URL(req.url);
  if (url.protocol !== 'https:') throw new KerbProbeError('USAGE', `only HTTPS endpoints are used (${url.origin})`);
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const maxBytes = opts.maxBytes ?? MAX_RESPONSE_BYTES;
  try {
    const answer = await boundedHttps(
      url,
      {
        method: req.method,
        ...(opts.agent ? { agent: opts.agent } : {}),
        headers: {
          authorization: `Bearer ${req.token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
        ...(req.signal ? { signal: req.signal } : {}),
      },
      payload,
      {
        maxBytes,
        tooLarge: () => new Error(`the answer is larger than ${maxBytes} bytes`),
        timeoutMs: opts.timeoutMs ?? REQUEST_TIMEOUT_MS,
      },
    );
    return { status: answer.status, body: answer.body.toString('utf8') };
  } catch (err) {
    const why = sanitizeEvidenceText(err instanceof Error ? err.message : String(err));
    throw new KerbProbeError(AZURE_HTTP_CODES.unreachable, `${req.method} ${url.origin}${url.pathname}: ${why}`);
  }
}

/**
 * An answer read: a 2xx body parsed by `schema` (not JSON, or not the documented shape: ADMIN_BAD_ANSWER); any
 * other status is the service's error, as it said it. Pure, so tests read Microsoft's example bodies through it.
 */
export function readAnswer<S extends z.ZodType>(
  status: number,
  body: string,
  schema: S,
  what: string,
): AzureAnswer<z.infer<S>> {
  let json: unknown = null;
  try {
    json = body ? JSON.parse(body) : null;
  } catch {
    if (status >= 200 && status < 300)
      throw new KerbProbeError(AZURE_HTTP_CODES.badAnswer, `${what}: the answer is not JSON`);
  }
  if (status < 200 || status >= 300) return { ok: false, error: errorOf(status, json) };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KerbProbeError(
      AZURE_HTTP_CODES.badAnswer,
      `${what}: the answer is not the documented shape ` +
        `(${issue ? `${issue.path.join('.') || '(root)'}: ${sanitizeEvidenceText(issue.message)}` : 'invalid'})`,
    );
  }
  return { ok: true, value: parsed.data };
}

/** The transport of every check: HTTPS, bounded, each answer read by readAnswer. */
export function createAzureHttp(opts: AzureHttpOptions = {}): AzureHttp {
  return async (req, schema) => {
    const { status, body } = await exchange(req, opts);
    return readAnswer(status, body, schema, new URL(req.url).pathname);
  };
}

/**
 * A next-page link is followed only on the origin the first request went to: the token is never sent to a
 * host an answer names.
 */
export function sameOrigin(link: string, base: string): boolean {
  try {
    return new URL(link).origin === new URL(base).origin && new URL(link).protocol === 'https:';
  } catch {
    return false;
  }
}
