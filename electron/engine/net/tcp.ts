// TCP reach within a budget: connected, refused (host up, nothing listening), unreachable (no route),
// or timeout (a firewall dropping packets — the case where client libraries hang longest).
import { Socket, isIP } from 'node:net';
import { elapsed, type ProbeFailure, type ProbeResult } from './probe-result';
import { startBudget } from './budget';

export interface TcpProbeOptions {
  budgetMs?: number;
  signal?: AbortSignal;
}

export interface TcpResult extends ProbeResult {
  address: string;
  port: number;
  errno?: string;
}

const DEFAULT_BUDGET_MS = 3000;

export function classifySocketError(code: string | undefined): ProbeFailure {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
    case 'ENETDOWN':
    case 'EHOSTDOWN':
      return 'unreachable';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return 'dns';
    default:
      return 'unreachable';
  }
}

/**
 * Open a TCP connection within the budget. Resolves with the connected socket (caller owns it) or rejects
 * with an error whose `failure` says why. Names are resolved by the OS; pass an address to skip that.
 */
export function connectTcp(host: string, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = new Socket();
    let settled = false;
    const cleanup = () => {
      settled = true;
      signal.removeEventListener('abort', onAbort);
      sock.removeAllListeners('error');
      sock.removeAllListeners('connect');
    };
    const giveUp = () => {
      if (settled) return;
      cleanup();
      sock.destroy();
      reject(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }));
    };
    // A budget's timer runs before the event loop polls for I/O: when the loop was held up (a slow process
    // start on Windows, a loaded machine) a connection that completed meanwhile would be called a timeout.
    // One turn of the loop first lets a completed connect be seen (setImmediate runs after the poll phase).
    const onAbort = () => setImmediate(giveUp);
    if (signal.aborted) {
      giveUp();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    sock.once('error', (err) => {
      cleanup();
      sock.destroy();
      reject(err);
    });
    sock.once('connect', () => {
      if (settled) return;
      cleanup();
      resolve(sock);
    });
    sock.connect({ host: host.replace(/^\[|\]$/g, ''), port, family: isIP(host) || undefined });
  });
}

export async function probeTcp(address: string, port: number, opts: TcpProbeOptions = {}): Promise<TcpResult> {
  const t0 = process.hrtime.bigint();
  const budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
  const budget = startBudget(budgetMs, opts.signal);
  const where = `${address}:${port}`;
  try {
    const sock = await connectTcp(address, port, budget.signal);
    const ms = elapsed(t0);
    sock.destroy();
    return {
      ok: true,
      ms,
      detail: `TCP ${where} accepts connections (${ms.toFixed(1)} ms).`,
      evidence: [`TCP connect ${where}: ok`],
      address,
      port,
    };
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    const failure = budget.timedOut() ? 'timeout' : classifySocketError(errno);
    const text: Record<string, string> = {
      refused: `${where} refused the connection: the host answered but nothing listens on port ${port}.`,
      timeout:
        `${where} did not answer within ${budgetMs} ms: a firewall or network security group is probably ` +
        `dropping the traffic.`,
      unreachable: `${where} is unreachable from this machine (no route: VPN or network problem).`,
      reset: `${where} reset the connection.`,
      dns: `${address} does not resolve.`,
    };
    return {
      ok: false,
      ms: elapsed(t0),
      detail: text[failure] ?? `TCP ${where} failed (${errno ?? 'error'}).`,
      evidence: [`TCP connect ${where}: ${budget.timedOut() ? `no answer in ${budgetMs} ms` : (errno ?? 'error')}`],
      failure,
      address,
      port,
      ...(errno ? { errno } : {}),
    };
  } finally {
    budget.dispose();
  }
}
