// The `kerbprobe` command line: one commander program; each sub-command lives in its own file under
// commands/ and registers itself through commands/index.ts.
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index';
import { KerbProbeError } from '../engine/errors';
import { TOOL_VERSION } from '../engine/version';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}

export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
};

export function createProgram(io: CliIo): Command {
  const program = new Command('kerbprobe')
    .description('Proves whether this user can reach an Azure SQL Managed Instance with Windows Authentication (Kerberos), and explains any failure.')
    .version(TOOL_VERSION, '-V, --version')
    .showHelpAfterError('(run `kerbprobe --help` for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  for (const register of commands) register(program, io);
  return program;
}

/** Runs the CLI; resolves to the exit code (0 pass, 1 diagnosed failure, 2 usage or internal error). */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = createProgram(io);
  process.exitCode = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof KerbProbeError) {
      io.stderr(`kerbprobe: ${err.message} [${err.code}]\n`);
      return 2;
    }
    io.stderr(`kerbprobe: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
