// Entry of the lab's relay process (bundled to dist/lab-relay.cjs). Usage: relay-main <relays.json>
// The file holds the routes (relay.ts's RelayRoute[]). Once every listener is bound it prints one line,
// `relay: listening …`, then relays until SIGTERM or SIGINT. With KERBPROBE_RELAY_TRACE naming a file, every
// item let through is appended there as one JSON line (relay.ts's RelayTraceEvent): a measuring run's wire log.
import { appendFileSync, readFileSync } from 'node:fs';
import { startRelay, type RelayRoute, type RelayTraceEvent, type RelayTracer, type RunningRelay } from './relay';

/** Collects trace events and writes them out now and then (a write per item would skew the timing it logs). */
function fileTracer(file: string): { tracer: RelayTracer; flush(): void } {
  let pending: RelayTraceEvent[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const lines = pending.map((event) => JSON.stringify(event)).join('\n') + '\n';
    pending = [];
    appendFileSync(file, lines);
  };
  setInterval(flush, 250).unref();
  return { tracer: (event) => pending.push(event), flush };
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: lab-relay <relays.json>\n');
    process.exit(2);
  }
  const routes = JSON.parse(readFileSync(file, 'utf8')) as RelayRoute[];
  const running: RunningRelay[] = [];
  const traceFile = process.env.KERBPROBE_RELAY_TRACE;
  const trace = traceFile ? fileTracer(traceFile) : null;
  const stop = (): void => {
    trace?.flush();
    void Promise.all(running.map((relay) => relay.close())).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (const route of routes) running.push(await startRelay(route, trace?.tracer));
  const shown = routes.map((r) => `${r.peer} ${r.listenHost}:${r.port} (${r.rttMs} ms${r.udp ? ', udp' : ''})`);
  process.stdout.write(`relay: listening ${shown.join('; ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`lab-relay: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
