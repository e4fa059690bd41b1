// The window's security posture as pure functions over the few Electron objects they touch, so a test
// under plain Node can assert every setting with a fake of those objects.
import type { BrowserWindowConstructorOptions, Session, Shell, WebContents } from 'electron';

/** Strict CSP: only our own bundle; no inline script, no eval, no remote origin, no plugins, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Fluent UI (Griffel) inserts <style> rules at run time; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Documentation the UI links to; anything else is refused. Only https, only these hosts. */
export const EXTERNAL_LINK_HOSTS = [
  'learn.microsoft.com',
  'support.microsoft.com',
  'portal.azure.com',
  'entra.microsoft.com',
] as const;

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    (EXTERNAL_LINK_HOSTS as readonly string[]).includes(url.hostname)
  );
}

export interface WindowPosture {
  /** app.isPackaged: a packaged (production) build opens no developer tools. */
  packaged: boolean;
}

export function webPreferences(
  preloadPath: string,
  { packaged }: WindowPosture,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // DevTools would let anyone at the keyboard run code in the page, with the preload's verbs: only in a
    // development run from the checkout.
    devTools: !packaged,
    safeDialogs: true,
  };
}

export interface WindowBounds {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

/** The one BrowserWindow's options: size and place remembered, the minimum the layout is built for, the posture. */
export function windowOptions(
  bounds: WindowBounds,
  preloadPath: string,
  posture: WindowPosture,
): BrowserWindowConstructorOptions {
  return {
    width: bounds.width,
    height: bounds.height,
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'KerbProbe',
    autoHideMenuBar: true,
    webPreferences: webPreferences(preloadPath, posture),
  };
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/** The one permission the page gets: writing (sanitized) text to the clipboard, for "Copy for helpdesk". */
export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/** Denies every other permission and adds the CSP header to every response the session serves. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.includes(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.includes(permission));
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    headers['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders: headers });
  });
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Pins the window to the app: it may only (re)load `appUrl`; new windows are never created; allowed
 * documentation links go to the OS browser.
 */
export function hardenWebContents(contents: ContentsLike, appUrl: string, shell: Pick<Shell, 'openExternal'>): void {
  const openIfAllowed = (url: string) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
  };
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });
  // A link the user followed may go to the OS browser; a redirect is the server's doing and just stops.
  contents.on('will-navigate', (event, url) => {
    if (url === appUrl) return;
    event.preventDefault();
    openIfAllowed(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (url !== appUrl) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
