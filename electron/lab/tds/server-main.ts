// Entry of the lab TDS server process (bundled to dist/lab-tds-server.cjs). Usage:
//   server-main <config.json> [ready-file]
// KRB5_KTNAME (the service keytab) and KRB5_CONFIG come from the environment. Once every listener is
// up it writes `{"pid":…,"ports":[…]}` to the ready file (and prints it on stdout), then serves until
// SIGTERM/SIGINT.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { startTdsServer } from './tds-server';
import type { TdsServerConfig } from './server-config';
import { exitOnSignal, runLabMain } from '../process-command';

async function main(): Promise<void> {
  const [configFile, readyFile] = process.argv.slice(2);
  if (!configFile) {
    process.stderr.write('usage: lab-tds-server <config.json> [ready-file]\n');
    process.exit(2);
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as TdsServerConfig;
  const server = await startTdsServer(config);
  const ready = JSON.stringify({ pid: process.pid, ports: server.ports });
  if (readyFile) {
    writeFileSync(`${readyFile}.tmp`, ready);
    renameSync(`${readyFile}.tmp`, readyFile);
  }
  process.stdout.write(`READY ${ready}\n`);
  exitOnSignal(() => server.close(), 1000);
}

runLabMain('lab-tds-server', main);
