// DIR/sql-server.log: lines shaped like SQL Server's ERRORLOG (`<date> <time> <source> <text>`), with the
// numbered errors worded as SQL Server words them, so diagnostics and people can read it the same way.
// Never written here: token bytes, keys, passwords.
import { appendFileSync } from 'node:fs';

function stamp(d = new Date()): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(Math.floor(d.getMilliseconds() / 10))}`;
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
