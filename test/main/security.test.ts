// The window's security posture, asserted under plain Node with a fake of the Electron objects touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  ALLOWED_PERMISSIONS,
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWebContents,
  isAllowedExternalUrl,
  webPreferences,
  windowOptions,
} from '../../electron/main/security';

const APP_URL = 'file:///opt/KerbProbe/resources/app.asar/dist/renderer/index.html';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name ?? '', values];
      }),
  );
}

test('webPreferences isolate and sandbox the page, with no Node and web security on', () => {
  const p = webPreferences('/app/preload.cjs', { packaged: true });
  assert.equal(p.preload, '/app/preload.cjs');
  assert.equal(p.contextIsolation, true);
  assert.equal(p.sandbox, true);
  assert.equal(p.nodeIntegration, false);
  assert.equal(p.nodeIntegrationInWorker, false);
  assert.equal(p.nodeIntegrationInSubFrames, false);
  assert.equal(p.webSecurity, true);
  assert.equal(p.allowRunningInsecureContent, false);
  assert.equal(p.webviewTag, false);
  assert.equal(p.experimentalFeatures, false);
});

test('a packaged build opens no developer tools; a run from the checkout may', () => {
  assert.equal(webPreferences('/app/preload.cjs', { packaged: true }).devTools, false);
  assert.equal(webPreferences('/app/preload.cjs', { packaged: false }).devTools, true);
  const o = windowOptions({ width: 1000, height: 700, x: 5, y: 6 }, '/app/preload.cjs', { packaged: true });
  assert.equal(o.webPreferences?.devTools, false);
  assert.equal(o.webPreferences?.sandbox, true);
  assert.deepEqual([o.width, o.height, o.x, o.y, o.minWidth, o.minHeight, o.show], [1000, 700, 5, 6, 800, 600, false]);
  assert.equal('x' in windowOptions({ width: 1000, height: 700 }, '/p', { packaged: true }), false);
});

test('the main process loads the page from the app scheme, never from file://', () => {
  const main = readFileSync(new URL('../../electron/main/main.ts', import.meta.url), 'utf8');
  assert.match(main, /protocol\.registerSchemesAsPrivileged\(\[APP_SCHEME_PRIVILEGES\]\)/);
  assert.match(main, /protocol\.handle\(APP_SCHEME, createAppProtocolHandler\(/);
  assert.match(main, /new BrowserWindow\(windowOptions\(.*\{ packaged: app\.isPackaged \}\)\)/);
  assert.doesNotMatch(main, /pathToFileURL|file:\/\//);
});

test('the CSP allows only our own scripts: no inline, no eval, no remote origin', () => {
  const d = directives(CONTENT_SECURITY_POLICY);
  assert.deepEqual(d.get('default-src'), ["'none'"]);
  assert.deepEqual(d.get('script-src'), ["'self'"]);
  assert.deepEqual(d.get('connect-src'), ["'self'"]);
  assert.deepEqual(d.get('object-src'), ["'none'"]);
  assert.deepEqual(d.get('base-uri'), ["'none'"]);
  assert.deepEqual(d.get('frame-ancestors'), ["'none'"]);
  for (const [name, values] of d) {
    for (const v of values) {
      assert.ok(!/^(https?:|wss?:|\*)/.test(v), `${name} names a remote origin: ${v}`);
      assert.notEqual(v, "'unsafe-eval'", `${name} allows eval`);
      if (name !== 'style-src') assert.notEqual(v, "'unsafe-inline'", `${name} allows inline code`);
    }
  }
});

test('the page carries the same CSP in a meta tag (minus what a meta tag cannot set)', () => {
  const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  assert.ok(meta, 'renderer/index.html has a CSP meta tag');
  const header = directives(CONTENT_SECURITY_POLICY);
  header.delete('frame-ancestors');
  assert.deepEqual(directives(meta[1] ?? ''), header);
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline script in index.html');
});

test('every permission request and check is denied except sanitized clipboard writes', () => {
  let request: ((c: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
  let check: ((c: unknown, permission: string) => boolean) | undefined;
  let headers:
    | ((
        details: { responseHeaders?: Record<string, string[]> },
        cb: (r: { responseHeaders: Record<string, string[]> }) => void,
      ) => void)
    | undefined;
  hardenSession({
    setPermissionRequestHandler: ((h: typeof request) => {
      request = h;
    }) as never,
    setPermissionCheckHandler: ((h: typeof check) => {
      check = h;
    }) as never,
    webRequest: {
      onHeadersReceived: ((h: typeof headers) => {
        headers = h;
      }) as never,
    },
  });
  assert.ok(request && check && headers);
  for (const permission of [
    'media',
    'geolocation',
    'notifications',
    'openExternal',
    'clipboard-read',
    'hid',
    'serial',
    'usb',
    'fullscreen',
    'pointerLock',
  ]) {
    let granted: boolean | undefined;
    request(null, permission, (ok) => {
      granted = ok;
    });
    assert.equal(granted, false, `${permission} request denied`);
    assert.equal(check(null, permission), false, `${permission} check denied`);
  }
  assert.deepEqual(ALLOWED_PERMISSIONS, ['clipboard-sanitized-write']);
  let granted: boolean | undefined;
  request(null, 'clipboard-sanitized-write', (ok) => {
    granted = ok;
  });
  assert.equal(granted, true);

  let out: Record<string, string[]> | undefined;
  headers({ responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } }, (r) => {
    out = r.responseHeaders;
  });
  assert.deepEqual(out?.['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
  assert.equal(out?.['content-security-policy'], undefined, 'a weaker CSP from the response is dropped');
  assert.deepEqual(out?.['Content-Type'], ['text/html']);
});

test('navigation away, new windows and webviews are refused; allowed links open in the OS browser only', () => {
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const opened: string[] = [];
  hardenWebContents(
    {
      on: ((name: string, l: (event: { preventDefault(): void }, url: string) => void) => {
        listeners.set(name, l);
      }) as never,
      setWindowOpenHandler: ((h: typeof openHandler) => {
        openHandler = h;
      }) as never,
    },
    APP_URL,
    {
      openExternal: async (url: string) => {
        opened.push(url);
      },
    },
  );

  const navigate = (name: string, url: string) => {
    let prevented = false;
    listeners.get(name)?.(
      {
        preventDefault: () => {
          prevented = true;
        },
      },
      url,
    );
    return prevented;
  };
  for (const name of ['will-navigate', 'will-redirect']) {
    assert.equal(navigate(name, APP_URL), false, `${name} to the app itself is allowed`);
    assert.equal(navigate(name, 'https://evil.example/'), true);
    assert.equal(navigate(name, 'file:///etc/passwd'), true);
    assert.equal(
      navigate(name, 'https://learn.microsoft.com/en-us/azure/azure-sql/'),
      true,
      'even an allowed link never replaces the app',
    );
  }
  assert.equal(navigate('will-attach-webview', 'about:blank'), true);

  assert.ok(openHandler);
  assert.deepEqual(openHandler({ url: 'https://evil.example/' }), { action: 'deny' });
  assert.deepEqual(
    openHandler({
      url: 'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot',
    }),
    { action: 'deny' },
  );
  assert.deepEqual(opened, [
    'https://learn.microsoft.com/en-us/azure/azure-sql/',
    'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot',
  ]);
});

test('the external-link allow-list takes https on listed hosts only', () => {
  assert.equal(isAllowedExternalUrl('https://learn.microsoft.com/x'), true);
  assert.equal(isAllowedExternalUrl('http://learn.microsoft.com/x'), false);
  assert.equal(isAllowedExternalUrl('https://learn.microsoft.com.evil.example/x'), false);
  assert.equal(isAllowedExternalUrl('https://user:pw@learn.microsoft.com/x'), false);
  assert.equal(isAllowedExternalUrl('https://learn.microsoft.com:8443/x'), false);
  assert.equal(isAllowedExternalUrl('file:///C:/Windows/System32/calc.exe'), false);
  assert.equal(isAllowedExternalUrl('ms-settings:privacy'), false);
  assert.equal(isAllowedExternalUrl('not a url'), false);
});
