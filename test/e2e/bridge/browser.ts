// Debian's Chromium driven by playwright-core, with a fresh profile per test and the bridge preload.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildSync } from 'esbuild';
import { copyFileSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('../../../test-results/e2e/', import.meta.url));
/** Where the README's screenshots live. */
const DOCS_DIR = fileURLToPath(new URL('../../../docs/', import.meta.url));
export const RENDERER_DIR = fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));

let preloadSource: string | null = null;

/**
 * The bridge preload bundled for the page, once per test process. buildSync runs esbuild as a one-shot
 * process, so no long-lived esbuild service is left holding the test process open.
 */
export function bridgePreload(): string {
  preloadSource ??=
    buildSync({
      entryPoints: [fileURLToPath(new URL('./preload-bridge.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      logLevel: 'silent',
    }).outputFiles[0]?.text ?? '';
  return preloadSource;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors (a CSP violation shows up here). */
  errors: string[];
  close(): Promise<void>;
}

export async function openApp(
  url: string,
  viewport = { width: 1280, height: 860 },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'kerbprobe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    colorScheme,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await context.addInitScript({ content: bridgePreload() });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url);
    await page.getByRole('tab', { name: 'Check connection' }).waitFor();
    return {
      context,
      page,
      errors,
      async close() {
        await context.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * The page's screenshot in test-results/ and, when asked (KERBPROBE_UPDATE_SCREENSHOTS=1), as the README's
 * docs/<docsName>.png too: a test run does not change tracked files.
 */
export async function screenshotForDocs(page: Page, name: string, docsName: string): Promise<string> {
  const path = await screenshot(page, name);
  if (process.env.KERBPROBE_UPDATE_SCREENSHOTS === '1') copyFileSync(path, join(DOCS_DIR, `${docsName}.png`));
  return path;
}
