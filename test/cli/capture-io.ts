// The CLI's io for in-process runs (`runCli`): stdout and stderr captured, not a TTY, and the clock the
// test gives. Without one the clock throws: a command that was not expected to judge anything by time
// fails loudly instead of reading the wall clock.
import type { CliIo } from '../../electron/cli/program';

export type CapturedIo = CliIo & { out: string; err: string };

const noClock = (): Date => {
  throw new Error('this test gave the CLI no clock, and the command read it');
};

export function captureIo(now: () => Date = noClock): CapturedIo {
  const io: CapturedIo = {
    out: '',
    err: '',
    isTTY: false,
    now,
    stdout: (s) => {
      io.out += s;
    },
    stderr: (s) => {
      io.err += s;
    },
  };
  return io;
}

/** A clock stopped at one instant (the time a fixture was captured). */
export const at = (iso: string): (() => Date) => {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) throw new Error(`not a time: ${iso}`);
  return () => new Date(t);
};
