// The engine runs in another process: calls, progress and cancel cross as messages, and a crash fails the
// calls in flight with ENGINE_CRASHED and starts a fresh process for the next call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, getEventListeners } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineClient, type EngineChild } from '../../electron/main/engine-client';
import { createHostDispatcher } from '../../electron/utility/host-dispatcher';
import type { EngineApi, HostReply, HostRequest } from '../../electron/contract/engine';
import { KerbProbeError } from '../../electron/engine/errors';
import { HEALTHY_REPORT } from '../e2e/fixtures/reports';

const INPUT = {
  server: 'sqlmi1.lab0001.database.windows.net',
  port: 1433,
  encrypt: 'mandatory' as const,
  trustServerCertificate: false,
  timeoutSeconds: 5,
};

/** A child whose other end is a real host dispatcher, with messages crossing asynchronously. */
function linkedChild(api: EngineApi): EngineChild & { crash(code: number): void } {
  const events = new EventEmitter();
  const dispatch = createHostDispatcher(api, (reply: HostReply) =>
    setImmediate(() => events.emit('message', structuredClone(reply))),
  );
  return {
    postMessage: (m: HostRequest) => {
      setImmediate(() => {
        void dispatch(structuredClone(m));
      });
    },
    on: ((event: string, l: (...a: unknown[]) => void) => {
      events.on(event, l);
      return undefined;
    }) as never,
    kill: () => {
      events.emit('exit', 0);
      return true;
    },
    crash: (code: number) => events.emit('exit', code),
  };
}

function engine(overrides: Partial<EngineApi> = {}): EngineApi {
  return {
    runCheck: async (_i, { onProgress }) => {
      onProgress({ kind: 'started', id: 'tcp', title: 'TCP reach' });
      onProgress({ kind: 'finished', step: { id: 'tcp', title: 'TCP reach', status: 'pass', ms: 1, detail: 'ok' } });
      return HEALTHY_REPORT;
    },
    listTickets: async () => {
      throw new KerbProbeError('NO_TGT', 'no credentials');
    },
    purgeTickets: async () => {},
    analyzeInputs: async () => {
      throw new KerbProbeError('INPUT_NOT_RECOGNISED', 'not recognised');
    },
    collect: async () => {
      throw new KerbProbeError('TOOL_NOT_FOUND', 'klist is not installed');
    },
    renderReport: async () => 'text',
    readReport: async () => ({ report: HEALTHY_REPORT, contradictions: [] }),
    readHistory: async () => {
      throw new TypeError('boom at /home/alice');
    },
    analyzeFleet: async () => {
      throw new KerbProbeError('INPUT_UNREADABLE', 'no such folder');
    },
    admin: async () => {
      throw new KerbProbeError('ADMIN_SIGN_IN_FAILED', 'sign-in failed');
    },
    ...overrides,
  };
}

test('results, progress and typed errors cross the process boundary', async () => {
  const client = createEngineClient(() => linkedChild(engine()));
  const progress: string[] = [];
  const report = await client.runCheck(INPUT, {
    signal: new AbortController().signal,
    onProgress: (p) => progress.push(p.kind),
  });
  assert.equal(report.verdict, 'pass');
  assert.deepEqual(progress, ['started', 'finished']);
  await assert.rejects(client.listTickets(), (e: KerbProbeError) => e.code === 'NO_TGT');
  await assert.rejects(
    client.readHistory({}),
    (e: KerbProbeError) => e.code === 'INTERNAL' && !e.message.includes('/home/alice'),
  );
});

test("a check's history option and collect's request reach the engine as the caller gave them", async () => {
  const seen: unknown[] = [];
  const client = createEngineClient(() =>
    linkedChild(
      engine({
        runCheck: async (_input, { history }) => {
          seen.push(history ?? 'default');
          return HEALTHY_REPORT;
        },
        collect: async (request) => {
          seen.push(request);
          throw new KerbProbeError('TOOL_NOT_FOUND', 'klist is not installed');
        },
      }),
    ),
  );
  const options = { signal: new AbortController().signal, onProgress: () => {} };
  await client.runCheck(INPUT, { ...options, history: { redactUser: true } });
  await client.runCheck(INPUT, { ...options, history: 'off' });
  await client.runCheck(INPUT, options);
  const request = { target: { server: 'mi.example', port: 3342 }, redact: true, check: { timeoutSeconds: 30 } };
  await assert.rejects(client.collect(request), (e: KerbProbeError) => e.code === 'TOOL_NOT_FOUND');
  assert.deepEqual(seen, [{ redactUser: true }, 'off', 'default', request]);
});

test('start() brings the engine process up before the first call, which then uses it', async () => {
  let spawned = 0;
  const client = createEngineClient(() => {
    spawned++;
    return linkedChild(engine());
  });
  assert.equal(spawned, 0, 'nothing runs until asked');
  client.start();
  client.start();
  assert.equal(spawned, 1);
  const report = await client.runCheck(INPUT, { signal: new AbortController().signal, onProgress: () => {} });
  assert.equal(report.verdict, 'pass');
  assert.equal(spawned, 1, 'the first call went to the process start() began');
  client.dispose();
});

test('cancel reaches the engine through the abort signal', async () => {
  const client = createEngineClient(() =>
    linkedChild(
      engine({
        runCheck: (_i, { signal }) =>
          new Promise((_r, reject) =>
            signal.addEventListener('abort', () => reject(new KerbProbeError('CANCELLED', 'cancelled'))),
          ),
      }),
    ),
  );
  const ac = new AbortController();
  const running = client.runCheck(INPUT, { signal: ac.signal, onProgress: () => {} });
  setTimeout(() => ac.abort(), 5);
  await assert.rejects(running, (e: KerbProbeError) => e.code === 'CANCELLED');
});

test('a finished call leaves no abort listener on its signal, whether it succeeded, failed or its engine crashed', async () => {
  const children: ReturnType<typeof linkedChild>[] = [];
  const client = createEngineClient(() => {
    const c = linkedChild(engine({ admin: () => new Promise(() => {}) }));
    children.push(c);
    return c;
  });
  const passed = new AbortController();
  await client.runCheck(INPUT, { signal: passed.signal, onProgress: () => {} });
  assert.equal(getEventListeners(passed.signal, 'abort').length, 0);

  const failed = new AbortController();
  await assert.rejects(client.analyzeFleet(['/tmp/fleet'], null, { signal: failed.signal }), {
    code: 'INPUT_UNREADABLE',
  });
  assert.equal(getEventListeners(failed.signal, 'abort').length, 0);

  const crashed = new AbortController();
  const hanging = client.admin(
    { server: 'mi.example', method: 'device-code' },
    { signal: crashed.signal, onPrompt: () => {} },
  );
  assert.equal(getEventListeners(crashed.signal, 'abort').length, 1, 'the listener is there while the call runs');
  children[0]?.crash(1);
  await assert.rejects(hanging, { code: 'ENGINE_CRASHED' });
  assert.equal(getEventListeners(crashed.signal, 'abort').length, 0);
  client.dispose();
});

test("a fleet analysis's cancel reaches the engine through the utility host, as a check's does", async () => {
  const seen: AbortSignal[] = [];
  const client = createEngineClient(() =>
    linkedChild(
      engine({
        analyzeFleet: (_paths, _query, options) =>
          new Promise((_r, reject) => {
            assert.ok(options?.signal, 'the host gives the engine a signal');
            seen.push(options.signal);
            options.signal.addEventListener('abort', () => reject(new KerbProbeError('CANCELLED', 'cancelled')));
          }),
      }),
    ),
  );
  const ac = new AbortController();
  const running = client.analyzeFleet(['/tmp/fleet'], null, { signal: ac.signal });
  setTimeout(() => ac.abort(), 5);
  await assert.rejects(running, (e: KerbProbeError) => e.code === 'CANCELLED');
  assert.equal(seen.length, 1);
  assert.equal(seen[0]?.aborted, true);
  client.dispose();
});

test('the host passes only the paths and the query of a fleet analysis to the engine, never a signal from outside', async () => {
  const args: unknown[][] = [];
  const replies: HostReply[] = [];
  const dispatch = createHostDispatcher(
    engine({
      analyzeFleet: async (...a: unknown[]) => {
        args.push(a);
        return {} as never;
      },
    }),
    (r) => replies.push(r),
  );
  await dispatch({ id: 7, method: 'analyzeFleet', args: [['/f'], null, { signal: 'forged' }] });
  assert.equal(args.length, 1);
  assert.deepEqual(args[0]?.slice(0, 2), [['/f'], null]);
  assert.ok((args[0]?.[2] as { signal: unknown }).signal instanceof AbortSignal);
  assert.equal('ok' in replies[0]! && replies[0].ok, true);
});

test('a crash fails the calls in flight with ENGINE_CRASHED and the next call gets a new process', async () => {
  const children: ReturnType<typeof linkedChild>[] = [];
  const client = createEngineClient(() => {
    const c = linkedChild(engine({ runCheck: () => new Promise(() => {}) }));
    children.push(c);
    return c;
  });
  const hanging = client.runCheck(INPUT, { signal: new AbortController().signal, onProgress: () => {} });
  await new Promise((r) => setImmediate(r));
  children[0]?.crash(139);
  await assert.rejects(hanging, (e: KerbProbeError) => e.code === 'ENGINE_CRASHED' && /139/.test(e.message));
  assert.equal((await client.readReport('{}')).report.verdict, 'pass');
  assert.equal(children.length, 2);
});

test('the host refuses unknown methods', async () => {
  const replies: HostReply[] = [];
  const dispatch = createHostDispatcher(engine(), (r) => replies.push(r));
  await dispatch({ id: 1, method: 'constructor', args: [] });
  await dispatch({ id: 2, method: 'readReport', args: 'x' });
  await dispatch(null);
  await dispatch('x');
  assert.deepEqual(
    replies.map((r) => 'ok' in r && !r.ok && r.error.code),
    ['ENGINE_BAD_REQUEST', 'ENGINE_BAD_REQUEST'],
  );
});

test('a call whose signal aborted before it was made is cancelled too (the cancel follows the call)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-fleet-cancel-'));
  try {
    writeFileSync(join(dir, 'PC-1.jsonl'), '');
    const { createEngineApi } = await import('../../electron/engine/api/engine-api');
    const client = createEngineClient(() => linkedChild(createEngineApi()));
    await assert.rejects(
      client.analyzeFleet([dir], null, { signal: AbortSignal.abort() }),
      (e: KerbProbeError) => e.code === 'CANCELLED',
    );
    client.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an admin read crosses the utility host: the prompt's page and code only, and its cancel", async () => {
  const seen: unknown[] = [];
  const client = createEngineClient(() =>
    linkedChild(
      engine({
        admin: (request, { signal, onPrompt }) =>
          new Promise((_resolve, reject) => {
            seen.push(request);
            onPrompt('To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter …', {
              verificationUri: 'https://microsoft.com/devicelogin',
              userCode: 'FJ4YL9ABC',
            });
            signal?.addEventListener('abort', () => reject(new KerbProbeError('CANCELLED', 'cancelled')));
          }),
      }),
    ),
  );
  const prompts: unknown[] = [];
  const controller = new AbortController();
  const request = { server: 'mi.example', method: 'device-code' as const };
  const running = client.admin(request, { signal: controller.signal, onPrompt: (_text, code) => prompts.push(code) });
  for (let waited = 0; prompts.length === 0 && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(prompts, [{ verificationUri: 'https://microsoft.com/devicelogin', userCode: 'FJ4YL9ABC' }]);
  controller.abort();
  await assert.rejects(running, (e: KerbProbeError) => e.code === 'CANCELLED');
  assert.deepEqual(seen, [request]);
});
