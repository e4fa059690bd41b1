// Entry of the lab's Azure emulator process (bundled to dist/lab-azure-emulator.cjs). Usage:
//   emulator-main <azure-emulator.json>
// Prints `azure-emulator: listening on https://127.0.0.1:PORT` once it serves, then serves until SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import { startAzureEmulator } from './azure-emulator';
import type { AzureEmulatorConfig } from './emulator-config';
import { exitOnSignal, runLabMain } from '../process-command';

async function main(): Promise<void> {
  const [configFile] = process.argv.slice(2);
  if (!configFile) {
    process.stderr.write('usage: lab-azure-emulator <azure-emulator.json>\n');
    process.exit(2);
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as AzureEmulatorConfig;
  const emulator = await startAzureEmulator(config);
  process.stdout.write(`azure-emulator: listening on ${emulator.base}\n`);
  exitOnSignal(() => emulator.close(), 1000);
}

runLabMain('azure-emulator', main);
