// The CA file is a path the page supplies and the engine reads. A compromised page must not learn from the answer
// which files exist: a missing file, a folder, an unreadable file and a file that is not PEM answer alike, with
// no path or errno in the answer. The real engine reads the files (no KDC or server is reached: the CA file is
// read where the target is built, before any traffic).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIpcHandlers, dispatch, type HandlerDeps } from '../../electron/main/ipc-handlers';
import { createEngineApi } from '../../electron/engine/api/engine-api';

const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-ca-page-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const deps: HandlerDeps = {
  engine: createEngineApi({ env: { KRB5_CONFIG: join(dir, 'none.conf'), KRB5CCNAME: `FILE:${join(dir, 'cc')}` } }),
  dialogs: {
    confirmPurge: () => Promise.resolve(false),
    chooseSavePath: () => Promise.resolve(null),
    chooseOpenPath: () => Promise.resolve(null),
    chooseFleetPaths: () => Promise.resolve(null),
  },
  files: { read: () => Promise.reject(new Error('unused')), write: () => Promise.reject(new Error('unused')) },
  state: { recentServers: () => [], rememberServer: () => {} },
  emitProgress: () => {},
};

const checkWith = async (caFile: string) =>
  dispatch(
    createIpcHandlers(deps),
    'check:run',
    { runId: 'run-ca-0001', input: { server: 'sqlmi1.abc123.database.windows.net', caFile, timeoutSeconds: 2 } },
    true,
  );

test('a page-supplied CA path: missing, a folder, unreadable and not PEM all answer the same, naming no path', async () => {
  const folder = join(dir, 'a folder');
  mkdirSync(folder);
  const notPem = join(dir, 'notes.txt');
  writeFileSync(notPem, 'not a certificate');
  const locked = join(dir, 'locked.pem');
  writeFileSync(locked, '-----BEGIN CERTIFICATE-----\n');
  chmodSync(locked, 0o000);
  const answers = [];
  for (const path of [join(dir, 'missing.pem'), folder, notPem, ...(process.getuid?.() === 0 ? [] : [locked])])
    answers.push(await checkWith(path));
  for (const answer of answers) {
    assert.equal(answer.ok, false);
    assert.deepEqual(answer, answers[0], 'every answer is the same');
  }
  const text = JSON.stringify(answers[0]);
  assert.match(text, /INPUT_CA_UNREADABLE/);
  assert.ok(!text.includes(dir) && !/ENOENT|EISDIR|EACCES/.test(text), text);
});
