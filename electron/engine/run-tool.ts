// Runs an OS tool (klist, dsregcmd, reg) with a hard time limit. A missing tool, a timeout and a failure each get their
// own stable code; the tool's output is returned as text, never logged here.
import { execFile } from 'node:child_process';
import { KerbProbeError } from './errors';

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunToolOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that still carry a useful answer (klist exits 1 when the cache is empty). */
  okExitCodes?: number[];
  /** The tool reports failure in its output, whatever its exit code (`klist get`): keep the output. */
  anyExitCode?: boolean;
  /** The most bytes of stdout (and of stderr) read before the tool is stopped (default 4 MiB). */
  maxOutputBytes?: number;
}

/** How the engine runs an OS tool: `runTool` itself, or (in tests of the Windows path) outputs made by the test. */
export type ToolRunner = (command: string, args: string[], opts: RunToolOptions) => Promise<ToolResult>;

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

export function runTool(command: string, args: string[], opts: RunToolOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        timeout: opts.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT,
        windowsHide: true,
        encoding: 'utf8',
        env: opts.env ?? process.env,
      },
      (err, stdout, stderr) => {
        if (!err) {
          resolve({ stdout, stderr, exitCode: 0 });
          return;
        }
        const failure = err as NodeJS.ErrnoException & {
          killed?: boolean;
          signal?: string | null;
          code?: string | number;
        };
        if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reject(
            new KerbProbeError(
              'TOOL_OUTPUT_TOO_LARGE',
              `${command} printed more than ${opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT} bytes and was stopped`,
              { cause: err },
            ),
          );
        } else if (failure.code === 'ENOENT') {
          reject(new KerbProbeError('TOOL_NOT_FOUND', `${command} is not installed or not on PATH`, { cause: err }));
        } else if (failure.killed || failure.signal === 'SIGKILL') {
          reject(
            new KerbProbeError('TOOL_TIMEOUT', `${command} did not finish within ${opts.timeoutMs} ms`, { cause: err }),
          );
        } else if (
          typeof failure.code === 'number' &&
          (opts.anyExitCode === true || (opts.okExitCodes ?? []).includes(failure.code))
        ) {
          resolve({ stdout, stderr, exitCode: failure.code });
        } else {
          const first = String(stderr).trim().split('\n')[0] ?? '';
          reject(
            new KerbProbeError(
              'TOOL_FAILED',
              `${command} failed (exit ${String(failure.code)})${first ? `: ${first}` : ''}`,
              { cause: err },
            ),
          );
        }
      },
    );
  });
}
