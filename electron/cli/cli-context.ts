// What every command of the `kerbprobe` program gets: where its output goes (CliOut: human text
// neutralised, JSON exact), the engine's one API, and the wrapper that turns an action's result into the
// exit code. Commands import this, never the program that registers them.
import type { LocalEngineApi } from '../engine/api/engine-api';
import { terminalSafeJson } from '../contract/display-text';
import { toTerminal, type TermText } from './terminal-text';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  /**
   * The terminal's width, when stdout is one: live lines are fitted to it and paragraphs wrapped to it (the live
   * list goes to stderr and is drawn only when stdout is a terminal too: one terminal, one width).
   */
  columns?: number;
  /**
   * The clock every verdict that depends on "now" reads (ticket expiry, a check's start time). The real
   * clock in `processIo`; a test judging fixtures passes the time they were captured.
   */
  now: () => Date;
}

const terminalColumns = process.stdout.columns ?? process.stderr.columns;

export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  ...(terminalColumns ? { columns: terminalColumns } : {}),
  now: () => new Date(),
};

/**
 * The one place the CLI's output is written. Human text (stdout, stderr; a TTY or a file) goes through
 * `toTerminal`: text from outside is neutralised and only KerbProbe's own colours are added. JSON goes out
 * exact (its values unchanged), with the characters a terminal would obey or reorder written as escapes.
 * Commands never see the raw sink.
 */
export interface CliOut {
  stdout: (t: TermText) => void;
  stderr: (t: TermText) => void;
  /** A JSON document for stdout, as JSON.stringify wrote it. */
  json: (text: string) => void;
  isTTY: boolean;
  columns?: number;
  now: () => Date;
}

export function cliOut(io: CliIo, color = io.isTTY && !process.env.NO_COLOR): CliOut {
  return {
    stdout: (text) => io.stdout(toTerminal(text, color)),
    stderr: (text) => io.stderr(toTerminal(text, color)),
    json: (text) => io.stdout(terminalSafeJson(text)),
    isTTY: io.isTTY,
    ...(io.columns ? { columns: io.columns } : {}),
    now: io.now,
  };
}

/** What a command's `register` gets: the output, the engine, and the wrapper that sets the exit code. */
export interface CliContext {
  io: CliOut;
  /** The one engine API (engine/api/engine-api.ts): a command's action is options → a call here → render. */
  engine: LocalEngineApi;
  /** Wraps an action handler; the number it resolves to is the command's exit code (0, 1 or 2). */
  action<A extends unknown[]>(handler: (...args: A) => Promise<number>): (...args: A) => Promise<void>;
}
