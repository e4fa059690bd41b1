// The `kerbprobe` command line: one commander program; each sub-command lives in its own file under
// commands/ and registers itself through commands/command-list.ts. A command's action RESOLVES to its exit code
// (through `cli.action`); nothing here writes the process global `process.exitCode`, so the CLI can run
// inside another process (the tests) without deciding that process's exit status.
import { Command, CommanderError, InvalidArgumentError, type Option } from 'commander';
import { commands } from './commands/command-list';
import { KerbProbeError } from '../engine/errors';
import { TOOL_VERSION, versionDocument } from '../engine/version';
import { createEngineApi, type LocalEngineApi } from '../engine/api/engine-api';
import { INPUT_ERROR_CODES, IPC_ERROR_CODES } from '../contract/error-codes';
import { cliOut, processIo, type CliContext, type CliIo, type CliOut } from './cli-context';

export type { CliIo };

/**
 * A value that is itself an option (`--port`, `-x`), as in `check --server --port 1433`: commander would
 * take it as the value and authenticate as the host "--port". Refused for every option that takes a value,
 * once, here. Negative numbers (`-1`) pass to the option's own parser, which words the error; host names
 * never start with a dash, and a file whose name does is given as `./-name`.
 */
export const OPTION_LIKE = /^-(-|[A-Za-z])/;

function refuseOptionLikeValues(cmd: Command): void {
  for (const opt of cmd.options as Option[]) {
    if (!opt.required && !opt.optional) continue; // a boolean flag takes no value
    const inner = opt.parseArg;
    opt.argParser((value: string, previous: unknown) => {
      if (OPTION_LIKE.test(value)) {
        throw new InvalidArgumentError(
          `"${value}" looks like an option, not a value (a file whose name starts with "-" is given as ./${value}).`,
        );
      }
      if (inner) return inner(value, previous);
      return opt.variadic
        ? [...(Array.isArray(previous) && previous !== opt.defaultValue ? previous : []), value]
        : value;
    });
  }
  for (const sub of cmd.commands) refuseOptionLikeValues(sub);
}

interface Program {
  program: Command;
  exitCode: () => number;
}

function buildProgram(io: CliOut, engine: LocalEngineApi): Program {
  let code = 0;
  const program = new Command('kerbprobe')
    .description(
      'Proves whether this user can reach an Azure SQL Managed Instance with Windows Authentication (Kerberos), ' +
        'and explains any failure.',
    )
    .version(
      TOOL_VERSION,
      '-V, --version',
      'output the version number (with --json: also the Node and the pinned packages)',
    )
    .showHelpAfterError('(run `kerbprobe --help` for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  const cli: CliContext = {
    io,
    engine,
    action:
      (handler) =>
      async (...args) => {
        code = await handler(...args);
      },
  };
  for (const register of commands) register(program, cli);
  refuseOptionLikeValues(program);
  return { program, exitCode: () => code };
}

export function createProgram(io: CliIo, engine: LocalEngineApi = createEngineApi({ now: io.now })): Command {
  return buildProgram(cliOut(io), engine).program;
}

/** True when the command line asks for JSON output (`--json` before any `--`). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** `--version --json` (or `-V --json`), as the only arguments: the version document, not commander's line. */
function wantsVersionJson(argv: readonly string[]): boolean {
  return argv.length === 2 && argv.includes('--json') && (argv.includes('--version') || argv.includes('-V'));
}

/**
 * A refusal under `--json`: stdout promises one JSON document, so it carries the error object with its
 * stable code (a script reads `error.code`); stderr keeps the human line. Exit 2 either way.
 */
function errorDocument(code: string, message: string): string {
  return `${JSON.stringify({ error: { code, message } }, null, 2)}\n`;
}

/**
 * Runs the CLI; resolves to the exit code (0 pass, 1 diagnosed failure, 2 usage or internal error). The
 * engine is created here unless given (cli-entry.ts gives its own, to ask it at exit about native calls).
 */
export async function runCli(
  argv: string[],
  raw: CliIo = processIo,
  engine: LocalEngineApi = createEngineApi({ now: raw.now }),
): Promise<number> {
  const io = cliOut(raw);
  if (wantsVersionJson(argv)) {
    io.json(`${JSON.stringify(versionDocument(), null, 2)}\n`);
    return 0;
  }
  const json = wantsJson(argv);
  const { program, exitCode } = buildProgram(io, engine);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode();
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0; commander has written its message to stderr.
      if (err.exitCode === 0) return 0;
      if (json) io.json(errorDocument(INPUT_ERROR_CODES.usage, err.message.replace(/^error: /, '')));
      return 2;
    }
    if (err instanceof KerbProbeError) {
      io.stderr(`kerbprobe: ${err.message} [${err.code}]\n`);
      if (json) io.json(errorDocument(err.code, err.message));
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`kerbprobe: internal error: ${message}\n`);
    if (json) io.json(errorDocument(IPC_ERROR_CODES.internal, message));
    return 2;
  }
}
