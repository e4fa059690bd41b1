// The app's small persistent state (window bounds, recent servers) in one JSON file under userData.
// A damaged or foreign file is ignored (defaults), never trusted, and writes are atomic.
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { RecentServerSchema, type RecentServer } from '../contract/ipc';

export const MAX_RECENT_SERVERS = 8;

const BoundsSchema = z.object({
  width: z.number().int().min(800).max(10000),
  height: z.number().int().min(600).max(10000),
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  maximized: z.boolean().optional(),
});
export type WindowBounds = z.infer<typeof BoundsSchema>;

const StateSchema = z.object({
  version: z.literal(1),
  window: BoundsSchema,
  recentServers: z.array(RecentServerSchema).max(MAX_RECENT_SERVERS),
});
export type AppState = z.infer<typeof StateSchema>;

export const DEFAULT_STATE: AppState = { version: 1, window: { width: 1100, height: 780 }, recentServers: [] };

export class StateStore {
  private state: AppState;

  constructor(private readonly file: string) {
    this.state = StateStore.load(file);
  }

  private static load(file: string): AppState {
    try {
      const parsed = StateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data : structuredClone(DEFAULT_STATE);
    } catch {
      return structuredClone(DEFAULT_STATE);
    }
  }

  get window(): WindowBounds {
    return { ...this.state.window };
  }

  recentServers(): RecentServer[] {
    return this.state.recentServers.map((s) => ({ ...s }));
  }

  setWindow(bounds: WindowBounds): void {
    const parsed = BoundsSchema.safeParse(bounds);
    if (!parsed.success) return;
    this.state.window = parsed.data;
    this.save();
  }

  /** Most recent first; the same server and port appear once. */
  rememberServer(entry: RecentServer): void {
    const parsed = RecentServerSchema.safeParse(entry);
    if (!parsed.success) return;
    const key = (s: RecentServer) => `${s.server.toLowerCase()}:${s.port}`;
    this.state.recentServers = [
      parsed.data,
      ...this.state.recentServers.filter((s) => key(s) !== key(parsed.data)),
    ].slice(0, MAX_RECENT_SERVERS);
    this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
