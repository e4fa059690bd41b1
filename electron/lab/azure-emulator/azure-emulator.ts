// The lab's Azure emulator: one HTTPS server on loopback (a certificate from the lab CA) that answers as the
// Microsoft identity platform (sign-in), Azure Resource Manager and Microsoft Graph do for the reads of
// `kerbprobe admin` — from Microsoft's published examples (./lab-tenant.ts). Each request is logged as one JSON
// line (method, path, api-version, status, time) to the lab dir; headers, bodies and tokens never are.
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { armEndpoint } from './arm-endpoints';
import type { AzureEmulatorConfig } from './emulator-config';
import type { Answer, EmulatorContext, EmulatorRequest } from './emulator-context';
import { graphError } from './emulator-errors';
import { TokenTable } from './emulator-tokens';
import { graphEndpoint } from './graph-endpoints';
import { identityEndpoint } from './identity-endpoints';

/** No request the emulator serves has a body near this: larger ones are refused unread. */
export const MAX_REQUEST_BODY = 64 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;

export interface RunningAzureEmulator {
  port: number;
  /** `https://127.0.0.1:PORT` */
  base: string;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BODY) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function serviceOf(path: string): 'graph' | 'arm' | 'login' {
  if (/^\/v1\.0(\/|$)/i.test(path)) return 'graph';
  if (/^\/(subscriptions|providers)\//i.test(path)) return 'arm';
  return 'login';
}

function route(ctx: EmulatorContext, req: EmulatorRequest): Answer {
  const answer = identityEndpoint(ctx, req) ?? armEndpoint(ctx, req) ?? graphEndpoint(ctx, req);
  if (answer) return answer;
  return graphError(404, 'NotFound', `The lab's Azure emulator does not serve ${req.method} ${req.url.pathname}.`, {
    now: ctx.now(),
  });
}

function send(res: ServerResponse, answer: Answer): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...answer.headers,
  });
  res.end(body);
}

/** One log line: what was asked and answered, never a header value, a body or a query value but api-version. */
function logLine(ctx: EmulatorContext, entry: { method: string; url: URL; status: number; ms: number }): void {
  const line = {
    time: new Date(ctx.now()).toISOString(),
    service: serviceOf(entry.url.pathname),
    method: entry.method,
    path: entry.url.pathname,
    apiVersion: entry.url.searchParams.get('api-version') ?? undefined,
    query: [...entry.url.searchParams.keys()].filter((key) => key !== 'api-version'),
    status: entry.status,
    ms: entry.ms,
  };
  try {
    appendFileSync(ctx.config.logFile, JSON.stringify(line) + '\n', { mode: 0o600 });
  } catch {
    // a log that cannot be written must not take the emulator down
  }
}

async function handle(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const t0 = performance.now();
  const url = new URL(req.url ?? '/', ctx.base);
  const method = req.method ?? 'GET';
  let answer: Answer;
  try {
    answer = route(ctx, { method, url, headers: req.headers, body: await readBody(req) });
  } catch (err) {
    answer =
      err instanceof BodyTooLarge
        ? graphError(413, 'RequestEntityTooLarge', `The request body is over ${MAX_REQUEST_BODY} bytes.`, {
            now: ctx.now(),
          })
        : graphError(500, 'InternalServerError', 'The lab emulator failed on this request.', { now: ctx.now() });
  }
  send(res, answer);
  logLine(ctx, { method, url, status: answer.status, ms: Math.round(performance.now() - t0) });
}

export async function startAzureEmulator(
  config: AzureEmulatorConfig,
  options: { now?: () => number } = {},
): Promise<RunningAzureEmulator> {
  const now = options.now ?? Date.now;
  const ctx: EmulatorContext = {
    config,
    now,
    base: '',
    tokens: new TokenTable('', now),
    deviceFlows: new Map(),
  };
  const server: Server = createServer(
    { cert: config.certPem, key: config.keyPem, minVersion: 'TLSv1.2' },
    (req, res) => {
      void handle(ctx, req, res);
    },
  );
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  ctx.base = `https://${config.host}:${port}`;
  ctx.tokens = new TokenTable(ctx.base, now);
  appendFileSync(config.logFile, JSON.stringify({ time: new Date(now()).toISOString(), listening: ctx.base }) + '\n', {
    mode: 0o600,
  });
  return {
    port,
    base: ctx.base,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
