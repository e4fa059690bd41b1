// Electron main process: one hardened window, the IPC handlers, and the engine in a utility process.
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import { join } from 'node:path';
import { PROGRESS_CHANNEL } from '../contract/ipc';
import { readBounded } from '../engine/read-bounded';
import { writeFileAtomic } from '../engine/write-file-atomic';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, createAppProtocolHandler } from './app-protocol';
import { hardenSession, hardenWebContents, windowOptions } from './security';
import { createIpcHandlers } from './ipc-handlers';
import { makeSenderCheck, registerIpc } from './ipc-router';
import { StateStore } from './state-store';
import { createEngineClient } from './engine-client';

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

// One window, one instance: a second launch focuses the first.
if (!app.requestSingleInstanceLock()) app.quit();

app.enableSandbox();
// The page's origin is kerbprobe://app (app-protocol.ts), registered before the app is ready, as Electron requires.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let win: BrowserWindow | null = null;
const appUrl = APP_URL;

function createWindow(store: StateStore): BrowserWindow {
  const bounds = store.window;
  const w = new BrowserWindow(windowOptions(bounds, join(__dirname, 'preload.cjs'), { packaged: app.isPackaged }));
  if (bounds.maximized) w.maximize();
  hardenWebContents(w.webContents, appUrl, shell);
  w.once('ready-to-show', () => w.show());
  w.on('close', () => {
    const b = w.getNormalBounds();
    store.setWindow({ width: b.width, height: b.height, x: b.x, y: b.y, maximized: w.isMaximized() });
  });
  void w.loadURL(appUrl);
  return w;
}

app
  .whenReady()
  .then(() => {
    const store = new StateStore(join(app.getPath('userData'), 'state.json'));
    hardenSession(session.defaultSession);
    // Only the packaged renderer directory is served, and nothing else is reachable under the scheme.
    protocol.handle(APP_SCHEME, createAppProtocolHandler(join(__dirname, 'renderer')));
    const engine = createEngineClient(
      () =>
        utilityProcess.fork(join(__dirname, 'engine-host.cjs'), [], {
          serviceName: 'KerbProbe engine',
          stdio: 'inherit',
        }),
      log,
    );
    const handlers = createIpcHandlers({
      engine,
      dialogs: {
        async confirmPurge() {
          const options = {
            type: 'warning' as const,
            buttons: ['Purge tickets', 'Cancel'],
            defaultId: 1,
            cancelId: 1,
            title: 'Purge Kerberos tickets',
            message: 'Remove every Kerberos ticket of this logon session?',
            detail:
              'Windows gets new tickets at the next connection. Do this after a fix, ' +
              'so that the next check does not use tickets cached before it.',
          };
          const r = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
          return r.response === 0;
        },
        async chooseSavePath(defaultName, format) {
          const filters = [
            {
              name: format === 'html' ? 'HTML report' : format === 'md' ? 'Markdown report' : 'KerbProbe report (JSON)',
              extensions: [format],
            },
          ];
          const r = win
            ? await dialog.showSaveDialog(win, { defaultPath: defaultName, filters })
            : await dialog.showSaveDialog({ defaultPath: defaultName, filters });
          return r.canceled || !r.filePath ? null : r.filePath;
        },
        async chooseOpenPath() {
          const options = {
            properties: ['openFile' as const],
            filters: [{ name: 'KerbProbe report', extensions: ['json'] }],
          };
          const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
          return r.canceled ? null : (r.filePaths[0] ?? null);
        },
        async chooseFleetPaths() {
          // Folders of history files as a log shipper or a share collects them, or single files.
          const options = {
            title: 'Fleet: folders or files of KerbProbe history',
            properties: ['openDirectory' as const, 'multiSelections' as const],
          };
          const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
          return r.canceled ? null : r.filePaths;
        },
      },
      files: {
        async read(path) {
          // Size checked before a byte is read; over MAX_INPUT_BYTES.report is INPUT_TOO_LARGE, limit stated.
          return (await readBounded(path, 'report', { what: path.split(/[\\/]/).pop() ?? path })).toString('utf8');
        },
        // The user chose this path in the save dialog, which already asked before replacing a file. Atomic, 0600,
        // and a link of that name is replaced, never written through.
        write: (path, text) => writeFileAtomic(path, text, { overwrite: true }),
      },
      state: { recentServers: () => store.recentServers(), rememberServer: (s) => store.rememberServer(s) },
      emitProgress: (event) => {
        if (win && !win.isDestroyed()) win.webContents.send(PROGRESS_CHANNEL, event);
      },
      log,
    });
    registerIpc(
      ipcMain,
      handlers,
      makeSenderCheck(() => (win && !win.isDestroyed() ? win.webContents : null), appUrl),
      log,
    );
    win = createWindow(store);
    win.on('closed', () => {
      win = null;
    });
    // Once the page is up (not competing with its first paint), the engine process starts: the first check
    // then waits for the check only.
    win.webContents.once('did-finish-load', () => engine.start());
    app.on('second-instance', () => {
      if (win) {
        if (win.isMinimized()) win.restore();
        win.focus();
      }
    });
    app.on('before-quit', () => engine.dispose());
  })
  .catch((err: unknown) => {
    log(`startup failed: ${err instanceof Error ? err.message : String(err)}`);
    app.exit(1);
  });

app.on('window-all-closed', () => app.quit());
