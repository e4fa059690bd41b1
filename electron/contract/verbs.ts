// The named verbs of `window.kerbprobe` and the one channel each calls: the table the preload builds the API
// from and the type `KerbProbeApi` is derived from, so a verb and its channel are declared once. Pure (no
// zod at run time): the sandboxed preload bundles it.
import type { IpcChannel, IpcRequest, IpcResponse, ProgressEvent } from './ipc';

export const VERBS = {
  check: { run: 'check:run', cancel: 'check:cancel' },
  tickets: { list: 'tickets:list', purge: 'tickets:purge' },
  report: { export: 'report:export', open: 'report:open' },
  analyze: { inputs: 'analyze:inputs' },
  collect: { run: 'collect:run' },
  state: { recentServers: 'state:recent' },
  history: { recent: 'history:recent' },
  fleet: { analyze: 'fleet:analyze', cancel: 'fleet:cancel' },
  admin: { run: 'admin:run', cancel: 'admin:cancel', open: 'admin:open' },
} as const satisfies Record<string, Record<string, IpcChannel>>;

type Verbs = typeof VERBS;

/** A verb takes its channel's request (optional when every field of it is) and resolves to its response. */
type Verb<C extends IpcChannel> =
  Record<string, never> extends IpcRequest<C>
    ? (request?: IpcRequest<C>) => Promise<IpcResponse<C>>
    : (request: IpcRequest<C>) => Promise<IpcResponse<C>>;

/** The API the preload exposes as `window.kerbprobe`: named verbs only, never a generic invoke. */
export type KerbProbeApi = {
  [G in keyof Verbs]: { [V in keyof Verbs[G]]: Verbs[G][V] extends IpcChannel ? Verb<Verbs[G][V]> : never };
} & {
  /** Subscribes to step progress; returns the unsubscribe function. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
};
