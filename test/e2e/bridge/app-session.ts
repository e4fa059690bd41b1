// One browser test's app: the bridge over an engine, the real renderer in Chromium, both closed afterwards
// (also on failure), and the accessibility scan every screen must pass.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startBridge, type Bridge } from './server';
import { openApp, screenshot, RENDERER_DIR, type Browser } from './browser';
import { scriptedEngine } from '../fixtures/scripted-engine';
import type { CheckReport } from '../../../electron/contract/report';
import type { EngineApi } from '../../../electron/contract/engine';

export interface AppOptions {
  viewport?: { width: number; height: number };
  /** Delay between replayed steps. */
  delay?: number;
  /** The engine behind the bridge; by default the scripted one replaying `report`. */
  engine?: EngineApi;
}

export async function withApp(
  work: string,
  report: CheckReport,
  fn: (b: Browser, bridge: Bridge) => Promise<void>,
  opts: AppOptions = {},
): Promise<void> {
  const bridge = await startBridge({
    engine: opts.engine ?? scriptedEngine(report, opts.delay ?? 30),
    rendererDir: RENDERER_DIR,
    workDir: mkdtempSync(join(work, 'b-')),
  });
  const b = await openApp(bridge.url, opts.viewport);
  try {
    await fn(b, bridge);
  } finally {
    await b.close();
    await bridge.close();
  }
}

export async function axeSeriousOrWorse(page: Parameters<typeof screenshot>[0]): Promise<string[]> {
  // Fluent UI's focus manager (Tabster) inserts invisible <i tabindex=0 aria-hidden> sentinels that move focus
  // into or out of a group and never keep it; axe cannot know that, so only those are left out of the scan.
  const r = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
