// `--at <time>` of `tickets` and `analyze`: judge saved tickets as of a moment (when the klist or ccache
// was captured) instead of now. A full ISO 8601 date and time; without an offset it is this machine's
// local time, as the klist text it usually comes with. Anything else is a usage error (exit 2).
import { InvalidArgumentError } from 'commander';

const AT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

const MESSAGE =
  'expected an ISO 8601 date and time, e.g. 2026-11-25T10:00:00Z (no offset: local time of this machine).';

export function parseAt(value: string): Date {
  const m = AT.exec(value.trim());
  if (!m) throw new InvalidArgumentError(MESSAGE);
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const offset = m[7];
  const offsetOk =
    !offset || /^z$/i.test(offset) || (Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4, 6)) <= 59);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59 || !offsetOk)
    throw new InvalidArgumentError(MESSAGE);
  const at = new Date(value.trim().replace(' ', 'T'));
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError(MESSAGE);
  return at;
}
