// Every IPC channel, through the same registration the main process does: the sender check comes first,
// malformed payloads never reach a handler, responses are checked, and error codes survive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IPC_CHANNELS,
  IPC_ERROR_CODES,
  type IpcChannel,
  type IpcResult,
  type ProgressEvent,
} from '../../electron/contract/ipc';
import { createIpcHandlers, type HandlerDeps } from '../../electron/main/ipc-handlers';
import { makeSenderCheck, registerIpc } from '../../electron/main/ipc-router';
import type { EngineApi } from '../../electron/contract/engine';
import { KerbProbeError } from '../../electron/engine/errors';
import { HEALTHY_REPORT } from '../e2e/fixtures/reports';
import { ADMIN_REPORT, ADMIN_SERVER } from '../e2e/fixtures/admin-report';

import { analyzeFleet } from '../../electron/engine/fleet/analyze-fleet';

const EMPTY_FLEET = await analyzeFleet([], null);
const APP_URL = 'file:///app/dist/renderer/index.html';
const RUN_ID = '0f9a7c1e-1111-4222-8333-444455556666';

const GOOD: Record<IpcChannel, unknown> = {
  'check:run': {
    runId: RUN_ID,
    input: {
      server: 'sqlmi1.lab0001.database.windows.net',
      port: 1433,
      encrypt: 'mandatory',
      trustServerCertificate: false,
      timeoutSeconds: 15,
    },
  },
  'check:cancel': { runId: RUN_ID },
  'tickets:list': {},
  'tickets:purge': {},
  'report:export': { report: HEALTHY_REPORT, format: 'md', redact: true, to: 'text' },
  'report:open': { text: JSON.stringify(HEALTHY_REPORT), name: 'r.json' },
  'analyze:inputs': {
    inputs: [
      { text: 'Cached Tickets: (0)', name: 'a.txt', capturedAt: '2026-11-25T10:00:00Z' },
      { text: '| SSO State |' },
    ],
  },
  'collect:run': { target: { server: 'sqlmi1.lab0001.database.windows.net', port: 1433 }, redact: true },
  'state:recent': {},
  'history:recent': { server: 'sqlmi1.lab0001.database.windows.net', limit: 5 },
  'fleet:analyze': { query: { code: 'SPN_UNKNOWN' } },
  'fleet:cancel': {},
  'admin:run': { runId: RUN_ID, server: ADMIN_SERVER, method: 'device-code' },
  'admin:cancel': {},
  'admin:open': { text: JSON.stringify(ADMIN_REPORT), name: 'admin.json' },
};

const MALFORMED: Record<IpcChannel, unknown[]> = {
  'check:run': [
    undefined,
    null,
    'x',
    { runId: RUN_ID },
    { runId: '../../x', input: (GOOD['check:run'] as { input: unknown }).input },
    {
      runId: RUN_ID,
      input: { server: '', port: 1433, encrypt: 'mandatory', trustServerCertificate: false, timeoutSeconds: 15 },
    },
    {
      runId: RUN_ID,
      input: { server: 'a.b', port: 70000, encrypt: 'mandatory', trustServerCertificate: false, timeoutSeconds: 15 },
    },
    {
      runId: RUN_ID,
      input: { server: 'a.b', port: 1433, encrypt: 'optional', trustServerCertificate: false, timeoutSeconds: 15 },
    },
    {
      runId: RUN_ID,
      input: {
        server: 'a.b',
        port: 1433,
        encrypt: 'mandatory',
        trustServerCertificate: false,
        timeoutSeconds: 15,
        shell: 'calc.exe',
      },
    },
  ],
  'check:cancel': [undefined, {}, { runId: 42 }, { runId: RUN_ID, extra: 1 }],
  'tickets:list': [undefined, 'all', { cache: 'FILE:/etc/shadow' }],
  'tickets:purge': [undefined, { force: true }],
  'report:export': [
    undefined,
    { report: {}, format: 'md', redact: false, to: 'text' },
    { report: HEALTHY_REPORT, format: 'exe', redact: false, to: 'text' },
    { report: HEALTHY_REPORT, format: 'md', redact: 'no', to: 'text' },
    { report: HEALTHY_REPORT, format: 'md', redact: false, to: 'C:\\Windows\\x' },
  ],
  'report:open': [undefined, { text: 5 }, { path: '/etc/passwd' }],
  'analyze:inputs': [
    undefined,
    {},
    { inputs: [] },
    { inputs: [{ text: '' }] },
    { inputs: [{ text: 'x'.repeat(10_000_001) }] },
    { inputs: Array.from({ length: 33 }, () => ({ text: 'x' })) },
    { inputs: Array.from({ length: 3 }, () => ({ text: 'x'.repeat(9_000_000) })) },
    { inputs: [{ text: 'x', capturedAt: 'yesterday' }] },
    { inputs: [{ text: 'x', path: '/etc/passwd' }] },
  ],
  'collect:run': [
    undefined,
    {},
    { target: null },
    { target: { server: '', port: 1433 }, redact: false },
    { target: { server: 'a.b', port: 0 }, redact: false },
    { target: null, redact: false, out: 'C:\\Windows\\x' },
  ],
  'state:recent': [undefined, { all: true }],
  'history:recent': [undefined, { limit: 0 }, { limit: 5000 }, { path: '/etc/passwd' }, { server: '' }, { port: 'x' }],
  'fleet:analyze': [
    undefined,
    { paths: ['/etc'] },
    { query: { code: 'NOT_A_CODE' } },
    { again: 'yes' },
    { query: { limit: 0 } },
  ],
  'fleet:cancel': [undefined, { runId: RUN_ID }, { sender: 2 }],
  'admin:run': [
    undefined,
    {},
    { runId: RUN_ID, server: ADMIN_SERVER },
    { runId: '../x', server: ADMIN_SERVER, method: 'device-code' },
    { runId: RUN_ID, server: '', method: 'device-code' },
    // The check form's rules: a control character, a look-alike letter, a space, a path.
    { runId: RUN_ID, server: 'sqlmi1\u001b[2J.database.windows.net', method: 'device-code' },
    { runId: RUN_ID, server: 'sqlmi1.c\u043entoso.database.windows.net', method: 'device-code' },
    { runId: RUN_ID, server: "mi' or 1==1.database.windows.net", method: 'device-code' },
    { runId: RUN_ID, server: 'x'.repeat(301), method: 'device-code' },
    { runId: RUN_ID, server: ADMIN_SERVER, method: 'interactive-browser' },
    { runId: RUN_ID, server: ADMIN_SERVER, method: 'device-code', token: 'eyJ0eXAiOiJKV1Qi' },
    { runId: RUN_ID, server: ADMIN_SERVER, method: 'device-code', clientId: 'x'.repeat(65) },
    // The CLI's --tenant and --client-id readings (contract/admin-input.ts).
    { runId: RUN_ID, server: ADMIN_SERVER, method: 'device-code', tenant: 'contoso' },
    { runId: RUN_ID, server: ADMIN_SERVER, method: 'device-code', tenant: 'https://login.microsoftonline.com/x.com' },
    { runId: RUN_ID, server: ADMIN_SERVER, method: 'device-code', clientId: 'kerbprobe' },
  ],
  'admin:cancel': [undefined, { runId: RUN_ID }, { sender: 2 }],
  'admin:open': [undefined, { text: 5 }, { path: '/etc/passwd' }, { text: 'x'.repeat(10_000_001) }],
};

interface Harness {
  invoke(
    channel: string,
    payload: unknown,
    sender?: 'ours' | 'subframe' | 'other-window' | 'navigated',
  ): Promise<IpcResult<unknown>>;
  calls: string[];
  progress: ProgressEvent[];
  written: { path: string; text: string }[];
  setConfirm(v: boolean): void;
  signals: AbortSignal[];
}

function harness(engineOverrides: Partial<EngineApi> = {}): Harness {
  const calls: string[] = [];
  const progress: ProgressEvent[] = [];
  const written: { path: string; text: string }[] = [];
  const signals: AbortSignal[] = [];
  let confirm = true;
  const engine: EngineApi = {
    async runCheck(_input, { signal, onProgress }) {
      calls.push('runCheck');
      signals.push(signal);
      onProgress({ kind: 'started', id: 'tcp', title: 'TCP reach' });
      onProgress({ kind: 'finished', step: { id: 'tcp', title: 'TCP reach', status: 'pass', ms: 2, detail: 'ok' } });
      return HEALTHY_REPORT;
    },
    async listTickets() {
      calls.push('listTickets');
      return {
        source: 'test',
        defaultPrincipal: null,
        tickets: [],
        chain: { flow: 'incomplete', userRealm: null, targetRealm: null, targetSpn: null, hops: [], findings: [] },
      };
    },
    async purgeTickets() {
      calls.push('purgeTickets');
    },
    async analyzeInputs() {
      calls.push('analyzeInputs');
      return {
        schemaVersion: 1,
        inputs: [
          {
            name: 'a',
            kind: 'dsregcmd',
            judgedAt: null,
            judgedAtSource: 'earliest',
            timeZone: null,
            facts: [],
            findings: [],
            ticketSet: null,
            diagnosis: null,
            contradictions: [],
          },
        ],
        diagnosis: null,
        failed: false,
      };
    },
    async collect() {
      calls.push('collect');
      return {
        format: 'kerbprobe-bundle',
        schemaVersion: 1,
        tool: { name: 'kerbprobe', version: '0.1.0', platform: 'linux-x64' },
        capturedAt: '2026-11-25T10:00:00.000Z',
        redacted: true,
        target: null,
        elevated: null,
        commands: [],
        check: null,
        checkError: null,
      };
    },
    async renderReport(_r, format) {
      calls.push('renderReport');
      return `# report (${format})`;
    },
    async readReport() {
      calls.push('readReport');
      return { report: HEALTHY_REPORT, contradictions: [] };
    },
    async readHistory() {
      calls.push('readHistory');
      return { path: '/h/history.jsonl', entries: [], skipped: 0, torn: false };
    },
    async analyzeFleet() {
      calls.push('analyzeFleet');
      return EMPTY_FLEET;
    },
    async admin() {
      calls.push('admin');
      return ADMIN_REPORT;
    },
    ...engineOverrides,
  };
  const deps: HandlerDeps = {
    engine,
    dialogs: {
      async confirmPurge() {
        calls.push('confirmPurge');
        return confirm;
      },
      async chooseSavePath(name) {
        calls.push('chooseSavePath');
        return `/tmp/out/${name}`;
      },
      async chooseOpenPath() {
        calls.push('chooseOpenPath');
        return '/tmp/in/report.json';
      },
      async chooseFleetPaths() {
        calls.push('chooseFleetPaths');
        return ['/tmp/in/fleet'];
      },
    },
    files: {
      async read(path) {
        calls.push('read');
        return path.endsWith('admin.json') ? JSON.stringify(ADMIN_REPORT) : JSON.stringify(HEALTHY_REPORT);
      },
      async write(path, text) {
        calls.push('write');
        written.push({ path, text });
      },
    },
    state: {
      recentServers: () => [],
      rememberServer: () => {
        calls.push('rememberServer');
      },
    },
    emitProgress: (e) => progress.push(e),
  };
  const registered = new Map<string, (event: unknown, payload: unknown) => Promise<IpcResult<unknown>>>();
  const mainFrame = { url: APP_URL };
  const contents = { id: 1, mainFrame };
  registerIpc(
    {
      handle: ((channel: string, l: (event: unknown, payload: unknown) => Promise<IpcResult<unknown>>) => {
        registered.set(channel, l);
      }) as never,
    },
    createIpcHandlers(deps),
    makeSenderCheck(() => contents as never, APP_URL),
    () => {},
  );
  assert.deepEqual(
    [...registered.keys()].sort(),
    [...IPC_CHANNELS].sort(),
    'every channel of the contract is registered',
  );
  return {
    calls,
    progress,
    written,
    signals,
    setConfirm: (v) => {
      confirm = v;
    },
    invoke(channel, payload, sender = 'ours') {
      const events = {
        ours: { sender: { id: 1 }, senderFrame: mainFrame },
        subframe: { sender: { id: 1 }, senderFrame: { url: APP_URL } },
        'other-window': { sender: { id: 2 }, senderFrame: mainFrame },
        navigated: { sender: { id: 1 }, senderFrame: mainFrame, navigated: true },
      } as const;
      const event = events[sender];
      if (sender === 'navigated') mainFrame.url = 'https://evil.example/';
      const l = registered.get(channel);
      assert.ok(l, `channel ${channel} registered`);
      return l(event, payload).finally(() => {
        mainFrame.url = APP_URL;
      });
    },
  };
}

for (const channel of IPC_CHANNELS) {
  test(`${channel}: a malformed payload is refused before any handler runs`, async () => {
    const h = harness();
    for (const bad of MALFORMED[channel]) {
      const r = await h.invoke(channel, bad);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, IPC_ERROR_CODES.badRequest, `payload ${JSON.stringify(bad)?.slice(0, 80)}`);
    }
    assert.deepEqual(h.calls, []);
  });

  test(`${channel}: a foreign sender is refused (sub-frame, other window, navigated page)`, async () => {
    const h = harness();
    for (const sender of ['subframe', 'other-window', 'navigated'] as const) {
      const r = await h.invoke(channel, GOOD[channel], sender);
      assert.equal(!r.ok && r.error.code, IPC_ERROR_CODES.foreignSender, sender);
    }
    assert.deepEqual(h.calls, []);
  });

  test(`${channel}: a well-formed request from our window is served`, async () => {
    const h = harness();
    const r = await h.invoke(channel, GOOD[channel]);
    assert.equal(r.ok, true, JSON.stringify(r));
  });
}

test('an unknown channel is refused', async () => {
  const h = harness();
  const { dispatch } = await import('../../electron/main/ipc-handlers');
  const r = await dispatch(createIpcHandlers({} as HandlerDeps), 'shell:exec', {}, true);
  assert.equal(!r.ok && r.error.code, IPC_ERROR_CODES.badRequest);
  assert.deepEqual(h.calls, []);
});

test('check:run forwards progress tagged with the run id and remembers the server', async () => {
  const h = harness();
  const r = await h.invoke('check:run', GOOD['check:run']);
  assert.equal(r.ok && (r.value as { verdict: string }).verdict, 'pass');
  assert.deepEqual(
    h.progress.map((p) => [p.runId, p.kind]),
    [
      [RUN_ID, 'started'],
      [RUN_ID, 'finished'],
    ],
  );
  assert.ok(h.calls.includes('rememberServer'));
});

test('a malformed progress event from the engine is dropped, not delivered to the renderer', async () => {
  const h = harness({
    async runCheck(_i, { onProgress }) {
      onProgress({ kind: 'started', id: 'not-a-step', title: 'x' } as never);
      onProgress({
        kind: 'finished',
        step: { id: 'tcp', title: 'TCP reach', status: 'exploded', ms: 2, detail: 'ok' },
      } as never);
      onProgress({ kind: 'started', id: 'tcp', title: 'TCP reach' });
      return HEALTHY_REPORT;
    },
  });
  const r = await h.invoke('check:run', GOOD['check:run']);
  assert.ok(r.ok);
  assert.deepEqual(
    h.progress.map((p) => [p.runId, p.kind]),
    [[RUN_ID, 'started']],
  );
  assert.equal(h.progress[0]?.kind === 'started' && h.progress[0].id, 'tcp');
});

test('check:cancel aborts the running check', async () => {
  let release!: () => void;
  const h = harness({
    runCheck: (_i, { signal }) =>
      new Promise((_resolve, reject) => {
        release = () => reject(new KerbProbeError('CANCELLED', 'the check was cancelled'));
        signal.addEventListener('abort', () => release());
      }),
  });
  const running = h.invoke('check:run', GOOD['check:run']);
  await new Promise((r) => setImmediate(r));
  const c = await h.invoke('check:cancel', { runId: RUN_ID });
  assert.deepEqual(c, { ok: true, value: { cancelled: true } });
  const r = await running;
  assert.equal(!r.ok && r.error.code, 'CANCELLED');
  assert.deepEqual(await h.invoke('check:cancel', { runId: RUN_ID }), { ok: true, value: { cancelled: false } });
});

/** An engine whose fleet analysis runs until its signal aborts, then rejects as the engine's does. */
function slowFleet(seen: AbortSignal[]): Partial<EngineApi> {
  return {
    analyzeFleet: (_paths, _query, options) =>
      new Promise((_resolve, reject) => {
        const signal = options?.signal;
        assert.ok(signal, 'the handler passes a signal');
        seen.push(signal);
        signal.addEventListener('abort', () =>
          reject(new KerbProbeError('CANCELLED', 'the fleet analysis was cancelled')),
        );
      }),
  };
}

test('fleet:cancel aborts the fleet analysis this window runs', async () => {
  const signals: AbortSignal[] = [];
  const h = harness(slowFleet(signals));
  assert.deepEqual(await h.invoke('fleet:cancel', {}), { ok: true, value: { cancelled: false } });
  const running = h.invoke('fleet:analyze', { query: { code: 'SPN_UNKNOWN' } });
  await new Promise((r) => setImmediate(r));
  assert.equal(signals.length, 1);
  assert.deepEqual(await h.invoke('fleet:cancel', {}), { ok: true, value: { cancelled: true } });
  const r = await running;
  assert.equal(!r.ok && r.error.code, 'CANCELLED');
  assert.equal(signals[0]?.aborted, true);
  assert.deepEqual(await h.invoke('fleet:cancel', {}), { ok: true, value: { cancelled: false } }, 'nothing left');
});

test("fleet:cancel from another window is refused and leaves this window's analysis running", async () => {
  const signals: AbortSignal[] = [];
  const h = harness(slowFleet(signals));
  const running = h.invoke('fleet:analyze', {});
  await new Promise((r) => setImmediate(r));
  for (const sender of ['subframe', 'other-window', 'navigated'] as const) {
    const r = await h.invoke('fleet:cancel', {}, sender);
    assert.equal(!r.ok && r.error.code, IPC_ERROR_CODES.foreignSender, sender);
  }
  assert.equal(signals[0]?.aborted, false);
  await h.invoke('fleet:cancel', {});
  assert.equal(!(await running).ok, true);
});

test('a new fleet analysis from the same window replaces the one still running', async () => {
  const signals: AbortSignal[] = [];
  const h = harness(slowFleet(signals));
  const first = h.invoke('fleet:analyze', {});
  await new Promise((r) => setImmediate(r));
  const second = h.invoke('fleet:analyze', { again: true });
  const r1 = await first;
  assert.equal(!r1.ok && r1.error.code, 'CANCELLED');
  assert.deepEqual(
    signals.map((s) => s.aborted),
    [true, false],
  );
  assert.deepEqual(await h.invoke('fleet:cancel', {}), { ok: true, value: { cancelled: true } });
  const r2 = await second;
  assert.equal(!r2.ok && r2.error.code, 'CANCELLED');
});

test('fleet:cancel while the folder dialog is open: the analysis never starts', async () => {
  let answer!: (paths: string[]) => void;
  const { createIpcHandlers: create } = await import('../../electron/main/ipc-handlers');
  const calls: string[] = [];
  const handlers = create({
    engine: {
      analyzeFleet: async () => {
        calls.push('analyzeFleet');
        return EMPTY_FLEET;
      },
    } as unknown as EngineApi,
    dialogs: { chooseFleetPaths: () => new Promise<string[]>((resolve) => (answer = resolve)) },
  } as unknown as HandlerDeps);
  const caller = { sender: 1 };
  const running = handlers['fleet:analyze']({ again: false }, caller);
  assert.deepEqual(await handlers['fleet:cancel']({}, caller), { cancelled: true });
  answer(['/tmp/in/fleet']);
  await assert.rejects(running, (e: KerbProbeError) => e.code === 'CANCELLED');
  assert.deepEqual(calls, []);
});

test('tickets:purge purges only after the native confirmation', async () => {
  const h = harness();
  h.setConfirm(false);
  assert.deepEqual(await h.invoke('tickets:purge', {}), { ok: true, value: { purged: false } });
  assert.ok(!h.calls.includes('purgeTickets'));
  h.setConfirm(true);
  assert.deepEqual(await h.invoke('tickets:purge', {}), { ok: true, value: { purged: true } });
  assert.ok(h.calls.includes('purgeTickets'));
});

test('report:export to a file writes where the save dialog said, named for the target', async () => {
  const h = harness();
  const r = await h.invoke('report:export', { report: HEALTHY_REPORT, format: 'html', redact: false, to: 'file' });
  assert.equal(r.ok, true);
  assert.equal(h.written.length, 1);
  assert.match(h.written[0]?.path ?? '', /^\/tmp\/out\/kerbprobe-sqlmi1-2026-11-25T09-14-40\.html$/);
  const redacted = await h.invoke('report:export', {
    report: HEALTHY_REPORT,
    format: 'json',
    redact: true,
    to: 'file',
  });
  assert.match(
    redacted.ok ? String((redacted.value as { path: string }).path) : '',
    /kerbprobe-redacted-/,
    'a redacted report does not carry the host in its file name',
  );
});

test('engine errors keep their stable code; unexpected errors do not leak their text', async () => {
  const coded = harness({
    listTickets: async () => {
      throw new KerbProbeError('NO_TGT', 'no credentials cache found');
    },
  });
  assert.deepEqual(await coded.invoke('tickets:list', {}), {
    ok: false,
    error: { code: 'NO_TGT', message: 'no credentials cache found' },
  });
  const raw = harness({
    listTickets: async () => {
      throw new TypeError('secret at /home/alice/.cache');
    },
  });
  const r = await raw.invoke('tickets:list', {});
  assert.equal(!r.ok && r.error.code, IPC_ERROR_CODES.internal);
  assert.ok(!r.ok && !r.error.message.includes('/home/alice'));
});

test('a response that breaks the contract is refused, not passed to the page', async () => {
  const h = harness({
    readReport: async () => ({ report: { ...HEALTHY_REPORT, verdict: 'maybe' }, contradictions: [] }) as never,
  });
  const r = await h.invoke('report:open', GOOD['report:open']);
  assert.equal(!r.ok && r.error.code, IPC_ERROR_CODES.badResponse);
});

test('fleet:analyze refuses a summary whose bucket does not say its end, or ends before it starts', async () => {
  const bucket = {
    start: '2026-12-01T08:00:00.000Z',
    end: '2026-12-01T09:00:00.000Z',
    checks: 2,
    failures: 1,
    byCode: [{ code: 'KDC_UNREACHABLE' as const, failures: 1 }],
  };
  const withBucket = (b: object) =>
    harness({
      analyzeFleet: async () => ({ ...EMPTY_FLEET, timeline: { unit: 'hour', buckets: [b], earlier: 0 } }) as never,
    }).invoke('fleet:analyze', {});
  assert.ok((await withBucket(bucket)).ok);
  const { end: _end, ...noEnd } = bucket;
  for (const broken of [noEnd, { ...bucket, end: bucket.start }, { ...bucket, end: '2026-12-01T07:00:00.000Z' }]) {
    const r = await withBucket(broken);
    assert.equal(!r.ok && r.error.code, IPC_ERROR_CODES.badResponse, JSON.stringify(broken));
  }
});

test("report:open hands the page the report's contradictions with it, from the engine", async () => {
  const contradictions = [
    {
      kind: 'pass-with-diagnosis' as const,
      message: 'the verdict is "pass" but the report carries a diagnosis (SPN_UNKNOWN)',
    },
  ];
  const h = harness({ readReport: async () => ({ report: HEALTHY_REPORT, contradictions }) });
  const r = await h.invoke('report:open', GOOD['report:open']);
  assert.ok(r.ok);
  assert.deepEqual(r.ok && (r.value as { contradictions: unknown }).contradictions, contradictions);
  const refused = harness({
    readReport: async () => ({ report: HEALTHY_REPORT, contradictions: [{ kind: 'made-up', message: 'x' }] }) as never,
  });
  const bad = await refused.invoke('report:open', GOOD['report:open']);
  assert.equal(
    !bad.ok && bad.error.code,
    IPC_ERROR_CODES.badResponse,
    'a contradiction kind outside the contract is refused',
  );
});

/** An engine whose admin read shows the device-code prompt, then waits for its signal (a sign-in no one completes). */
function waitingAdmin(seen: AbortSignal[]): Partial<EngineApi> {
  return {
    admin: (_request, { signal, onPrompt }) =>
      new Promise((_resolve, reject) => {
        assert.ok(signal, 'the handler passes a signal');
        seen.push(signal);
        // As Entra ID's device-code answer gives them (entra-docs v2-oauth2-device-code.md: verification_uri,
        // user_code), and the sentence the identity library makes of them, which must not reach the page.
        onPrompt(
          'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ' +
            'FJ4YL9ABC to authenticate.',
          { verificationUri: 'https://microsoft.com/devicelogin', userCode: 'FJ4YL9ABC' },
        );
        signal.addEventListener('abort', () => reject(new KerbProbeError('ADMIN_SIGN_IN_FAILED', 'aborted')));
      }),
  };
}

test('admin:run reads the server as the check form does and passes only the request fields', async () => {
  const requests: unknown[] = [];
  const h = harness({
    async admin(request) {
      requests.push(request);
      return ADMIN_REPORT;
    },
  });
  const r = await h.invoke('admin:run', {
    runId: RUN_ID,
    server: `tcp:${ADMIN_SERVER.toUpperCase()},1433`,
    method: 'azure-cli',
    tenant: 'contoso.onmicrosoft.com',
  });
  assert.equal(r.ok && (r.value as { diagnosis: { code: string } }).diagnosis.code, 'MI_SERVICE_PRINCIPAL_OFF');
  assert.deepEqual(requests, [
    { server: ADMIN_SERVER, method: 'azure-cli', redact: false, tenant: 'contoso.onmicrosoft.com' },
  ]);
});

test("admin:run refuses a bad tenant or client id at the boundary with the contract's reading; the engine never runs", async () => {
  const requests: unknown[] = [];
  const h = harness({
    async admin(request) {
      requests.push(request);
      return ADMIN_REPORT;
    },
  });
  const tenant = await h.invoke('admin:run', { ...(GOOD['admin:run'] as object), tenant: 'contoso\u001b[2J' });
  assert.equal(!tenant.ok && tenant.error.code, IPC_ERROR_CODES.badRequest);
  assert.match(
    !tenant.ok ? tenant.error.message : '',
    /^Invalid request for admin:run: tenant: the tenant must be a tenant id/,
  );
  assert.doesNotMatch(!tenant.ok ? tenant.error.message : '', /\u001b/, 'the hostile value is not said back');
  const client = await h.invoke('admin:run', {
    ...(GOOD['admin:run'] as object),
    clientId: '{00001111-aaaa-2222-bbbb-3333cccc4444}',
  });
  assert.equal(!client.ok && client.error.code, IPC_ERROR_CODES.badRequest);
  assert.match(!client.ok ? client.error.message : '', /clientId: the client id must be an application \(client\) id/);
  assert.deepEqual(requests, []);
  // Well-formed ones reach the engine as the CLI's flags do, trimmed (a pasted line's newline).
  const ok = await h.invoke('admin:run', {
    ...(GOOD['admin:run'] as object),
    tenant: 'aaaabbbb-0000-cccc-1111-dddd2222eeee\n',
    clientId: ' 00001111-aaaa-2222-bbbb-3333cccc4444',
  });
  assert.equal(ok.ok, true);
  assert.deepEqual(requests, [
    {
      server: ADMIN_SERVER,
      method: 'device-code',
      redact: false,
      tenant: 'aaaabbbb-0000-cccc-1111-dddd2222eeee',
      clientId: '00001111-aaaa-2222-bbbb-3333cccc4444',
    },
  ]);
});

test('admin:run sends the device-code prompt as the page and the code only, tagged with the run id', async () => {
  const signals: AbortSignal[] = [];
  const h = harness(waitingAdmin(signals));
  const running = h.invoke('admin:run', GOOD['admin:run']);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(h.progress, [
    { runId: RUN_ID, kind: 'device-code', verificationUri: 'https://microsoft.com/devicelogin', userCode: 'FJ4YL9ABC' },
  ]);
  assert.doesNotMatch(JSON.stringify(h.progress), /To sign in/);
  await h.invoke('admin:cancel', {});
  assert.equal(!(await running).ok, true);
});

test('a prompt not in the shape Entra ID issues is dropped, never sent to the page', async () => {
  const h = harness({
    async admin(_request, { onPrompt }) {
      onPrompt('x', { verificationUri: 'javascript:alert(1)', userCode: 'FJ4YL9ABC' });
      onPrompt('x', { verificationUri: 'https://microsoft.com/devicelogin', userCode: 'AB\u202eCD' });
      onPrompt('x', { verificationUri: 'https://microsoft.com/devicelogin', userCode: 'eyJ'.padEnd(40, 'x') });
      onPrompt('x');
      return ADMIN_REPORT;
    },
  });
  assert.ok((await h.invoke('admin:run', GOOD['admin:run'])).ok);
  assert.deepEqual(h.progress, []);
});

test('admin:cancel ends the read this window runs with CANCELLED, even while the sign-in waits', async () => {
  const signals: AbortSignal[] = [];
  const h = harness(waitingAdmin(signals));
  assert.deepEqual(await h.invoke('admin:cancel', {}), { ok: true, value: { cancelled: false } });
  const running = h.invoke('admin:run', GOOD['admin:run']);
  await new Promise((r) => setImmediate(r));
  for (const sender of ['subframe', 'other-window', 'navigated'] as const) {
    const refused = await h.invoke('admin:cancel', {}, sender);
    assert.equal(!refused.ok && refused.error.code, IPC_ERROR_CODES.foreignSender, sender);
  }
  assert.equal(signals[0]?.aborted, false, 'a foreign cancel leaves it running');
  assert.deepEqual(await h.invoke('admin:cancel', {}), { ok: true, value: { cancelled: true } });
  const r = await running;
  assert.equal(!r.ok && r.error.code, 'CANCELLED');
  assert.equal(signals[0]?.aborted, true);
  assert.deepEqual(await h.invoke('admin:cancel', {}), { ok: true, value: { cancelled: false } }, 'nothing left');
});

test('admin:open validates a saved admin report against the contract: anything else is ADMIN_REPORT_INVALID', async () => {
  const h = harness();
  // The open dialog's file here is a check report, not an admin report.
  const opened = await h.invoke('admin:open', {});
  assert.equal(!opened.ok && opened.error.code, 'ADMIN_REPORT_INVALID');
  assert.deepEqual(h.calls, ['chooseOpenPath', 'read']);
  const dropped = await h.invoke('admin:open', { text: `\ufeff${JSON.stringify(ADMIN_REPORT)}`, name: 'a.json' });
  assert.ok(dropped.ok);
  for (const text of [
    'not json',
    JSON.stringify(HEALTHY_REPORT),
    JSON.stringify({ ...ADMIN_REPORT, checks: [{ ...ADMIN_REPORT.checks[0], status: 'exploded' }] }),
    JSON.stringify({ ...ADMIN_REPORT, token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.x' }),
  ]) {
    const r = await h.invoke('admin:open', { text });
    assert.equal(!r.ok && r.error.code, 'ADMIN_REPORT_INVALID', text.slice(0, 60));
    assert.doesNotMatch(!r.ok ? r.error.message : '', /eyJ0/);
  }
});
