// The page's own origin: `kerbprobe://app/`, a privileged custom scheme served from the packaged renderer
// directory only, instead of file:// (where 'self' in the CSP would be every local file, and the file
// protocol carries privileges a browser does not give it). Electron's guidance: serve local content from a
// custom protocol, registered as standard and secure before the app is ready, with a handler that refuses
// paths escaping the bundle:
//   https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
//   https://www.electronjs.org/docs/latest/api/protocol#protocolhandlescheme-handler
// Pure: no Electron import at run time, so the path resolution and the handler are tested under Node.
import { realpath as fsRealpath, readFile as fsReadFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'kerbprobe';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged: `standard` gives the scheme an origin (so the CSP's 'self' is
 * kerbprobe://app and nothing else) and `secure` makes it a secure context; no fetch, CORS, service workers
 * or streaming, which the page does not use.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: false,
    corsEnabled: false,
    allowServiceWorkers: false,
    stream: false,
    bypassCSP: false,
  },
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * The file a request URL names inside `rendererDir`, or null: another scheme or host, a query's tricks, an
 * encoded slash or backslash, a NUL, `..` (plain or percent-encoded) that leaves the directory, or a type
 * the page never loads. `/` is index.html.
 */
export function resolveAppPath(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password || url.port)
    return null;
  // Percent-encoded separators and dots are refused before decoding: a path is only what it plainly says.
  if (/%(?:2f|5c|2e|00)/i.test(url.pathname)) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (/[\\\0]/.test(path) || path.split('/').some((seg) => seg === '..')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  if (!inside(root, file) || !(extname(file).toLowerCase() in MIME)) return null;
  return file;
}

export interface AppFiles {
  realpath(path: string): Promise<string>;
  readFile(path: string): Promise<Buffer>;
}

const nodeFiles: AppFiles = { realpath: fsRealpath, readFile: (p) => fsReadFile(p) };

/**
 * The handler for protocol.handle(APP_SCHEME, …): the file, with its type, the CSP and nosniff; 404 for
 * anything refused or absent (also a symlink inside the directory that points out of it). Only GET.
 */
export function createAppProtocolHandler(
  rendererDir: string,
  files: AppFiles = nodeFiles,
): (request: Request) => Promise<Response> {
  const notFound = () =>
    new Response('not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    });
  return async (request) => {
    if (request.method !== 'GET') return new Response('method not allowed', { status: 405 });
    const file = resolveAppPath(rendererDir, request.url);
    if (!file) return notFound();
    try {
      const [root, real] = await Promise.all([files.realpath(resolve(rendererDir)), files.realpath(file)]);
      if (!inside(root, real)) return notFound();
      const body = await files.readFile(real);
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: {
          'Content-Type': MIME[extname(file).toLowerCase()]!,
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return notFound();
    }
  };
}
