// Entry of the lab's relay process (bundled to dist/lab-relay.cjs). Usage: relay-main <relays.json>
// The file holds the routes (relay.ts's RelayRoute[]). Once every listener is bound it prints one line,
// `relay: listening …`, then relays until SIGTERM or SIGINT. With KERBPROBE_RELAY_TRACE naming a file, every
// item let through is appended there as one JSON line (relay.ts's RelayTraceEvent): a measuring run's wire log.
import { appendFile, appendFileSync, readFileSync } from 'node:fs';
import { startRelay, type RelayRoute, type RelayTraceEvent, type RelayTracer, type RunningRelay } from './relay';
import { exitOnSignal, runLabMain } from '../process-command';

/**
 * Collects trace events and writes them out now and then, off the event loop (a write per item, or a synchronous
 * one on a busy disk, would hold up the very relaying it logs); at exit what is left is written at once.
 */
function fileTracer(file: string): { tracer: RelayTracer; flush(): void } {
  let pending: RelayTraceEvent[] = [];
  let writing = false;
  const take = () => {
    const lines = pending.map((event) => JSON.stringify(event)).join('\n') + '\n';
    pending = [];
    return lines;
  };
  const drain = () => {
    if (writing || pending.length === 0) return;
    writing = true;
    appendFile(file, take(), () => {
      writing = false;
    });
  };
  setInterval(drain, 250).unref();
  return { tracer: (event) => pending.push(event), flush: () => pending.length && appendFileSync(file, take()) };
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
  exitOnSignal(() => {
    trace?.flush();
    return Promise.all(running.map((relay) => relay.close()));
  }, 500);
  for (const route of routes) running.push(await startRelay(route, trace?.tracer));
  const shown = routes.map((r) => `${r.peer} ${r.listenHost}:${r.port} (${r.rttMs} ms${r.udp ? ', udp' : ''})`);
  process.stdout.write(`relay: listening ${shown.join('; ')}\n`);
}

runLabMain('lab-relay', main);
