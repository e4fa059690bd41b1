// DIR/sql-server.log: lines shaped like SQL Server's ERRORLOG (`<date> <time> <source> <text>`), with the
// numbered errors worded as SQL Server words them, so diagnostics and people can read it the same way.
// Never written here: token bytes, keys, passwords.
import { appendFileSync } from 'node:fs';

/** `2026-12-07 16:12:03.45`: local time, hundredths of a second, as ERRORLOG prints it. */
function stamp(at = new Date()): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  return `${date} ${time}.${pad(Math.floor(at.getMilliseconds() / 10))}`;
}

export class ServerLog {
  constructor(private readonly file: string | null) {}

  write(source: 'Server' | 'Logon' | 'spid', text: string): void {
    const lines = text
      .split('\n')
      .map((t) => `${stamp()} ${source.padEnd(11)} ${t}\n`)
      .join('');
    if (this.file) appendFileSync(this.file, lines);
  }

  error(source: 'Server' | 'Logon', number: number, severity: number, state: number, text: string): void {
    this.write(source, `Error: ${number}, Severity: ${severity}, State: ${state}.\n${text}`);
  }
}

export const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
