// Entry of the lab's relay process (bundled to dist/lab-relay.cjs). Usage: relay-main <relays.json>
// The file holds the routes (relay.ts's RelayRoute[]). Once every listener is bound it prints one line,
// `relay: listening …`, then relays until SIGTERM or SIGINT.
import { readFileSync } from 'node:fs';
import { startRelay, type RelayRoute, type RunningRelay } from './relay';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: lab-relay <relays.json>\n');
    process.exit(2);
  }
  const routes = JSON.parse(readFileSync(file, 'utf8')) as RelayRoute[];
  const running: RunningRelay[] = [];
  const stop = (): void => {
    void Promise.all(running.map((relay) => relay.close())).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (const route of routes) running.push(await startRelay(route));
  const shown = routes.map((r) => `${r.peer} ${r.listenHost}:${r.port} (${r.rttMs} ms${r.udp ? ', udp' : ''})`);
  process.stdout.write(`relay: listening ${shown.join('; ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`lab-relay: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
