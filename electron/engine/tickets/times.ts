// Time stamps as the sources give them. A ccache holds UTC epoch seconds (→ ISO with `Z`); the klist
// tools print the local wall clock of the machine they ran on, without an offset. Those become ISO
// strings WITHOUT an offset (ISO 8601's "local time"), unless the caller knows the offset of that
// machine and passes it; the ticket set then says `timeZone: 'local'`.

export type TimeZoneMode = 'utc' | 'local';

export function isoFromEpochSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A wall-clock time → ISO. With `utcOffsetMinutes` the result carries that offset (e.g. `+01:00`);
 * without, it has none. Returns null for impossible dates (Feb 30, hour 25).
 */
export function isoFromWallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  utcOffsetMinutes?: number,
): string | null {
  if (![year, month, day, hour, minute, second].every(Number.isInteger)) return null;
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60)
    return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return null;
  const base = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
  if (utcOffsetMinutes === undefined) return base;
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Windows klist: `11/25/2026 7:58:02 (local)` (month/day/year, unpadded). */
export function parseWindowsTime(text: string, utcOffsetMinutes?: number): string | null | undefined {
  const t = text.trim();
  if (t === '0') return null;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s*\([^)]*\))?$/.exec(t);
  if (!m) return undefined;
  const [, mo, d, y, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return isoFromWallClock(y, mo, d, h, mi, s, utcOffsetMinutes) ?? undefined;
}

/**
 * MIT klist prints `strftime("%x %X")` of the C/POSIX locale (`11/25/26 09:26:41`) or, in some
 * locales, a 4-digit year or ISO date. Two-digit years are 20YY (tickets predating 2000 do not exist here).
 */
export function parseMitTime(text: string, utcOffsetMinutes?: number): string | undefined {
  const t = text.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(t);
  if (m) {
    const [, mo, d, yy, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
    const y = yy < 100 ? 2000 + yy : yy;
    return isoFromWallClock(y, mo, d, h, mi, s, utcOffsetMinutes) ?? undefined;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(t);
  if (m) {
    const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
    return isoFromWallClock(y, mo, d, h, mi, s, utcOffsetMinutes) ?? undefined;
  }
  return undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Heimdal's long form: `Nov 25 09:26:48 2026` (ctime without the weekday; day may be space-padded). */
export function parseHeimdalTime(text: string, utcOffsetMinutes?: number): string | undefined {
  const m = /^([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const mo = MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1;
  if (mo === 0) return undefined;
  return (
    isoFromWallClock(Number(m[6]), mo, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), utcOffsetMinutes) ??
    undefined
  );
}

/** Milliseconds since the epoch for an ISO string from this module (no offset = this machine's local time). */
export function isoToMs(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}
