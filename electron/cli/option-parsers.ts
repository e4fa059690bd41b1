// The parsers of the commands' option values: commander calls them while it reads the command line, so a
// bad value is a usage error (exit 2) before any action runs. The bounds are the contract's, shared with
// IPC and the app's form.
import { InvalidArgumentError } from 'commander';
import { CHECK_TIMEOUT_SECONDS } from '../contract/limits';

const PORT_MESSAGE = 'the port must be a whole number from 1 to 65535.';
const TIMEOUT_MESSAGE =
  `the timeout must be a number of seconds from ${CHECK_TIMEOUT_SECONDS.min} ` + `to ${CHECK_TIMEOUT_SECONDS.max}.`;

export function parsePort(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(PORT_MESSAGE);
  const port = Number(value);
  if (port < 1 || port > 65535) throw new InvalidArgumentError(PORT_MESSAGE);
  return port;
}

export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || seconds < CHECK_TIMEOUT_SECONDS.min || seconds > CHECK_TIMEOUT_SECONDS.max)
    throw new InvalidArgumentError(TIMEOUT_MESSAGE);
  return seconds;
}

/** A text option that must say something; its value trimmed. */
export function nonEmpty(what: string) {
  return (value: string): string => {
    if (!value.trim()) throw new InvalidArgumentError(`${what} must not be empty.`);
    return value.trim();
  };
}

/** `--limit` of the history and the fleet view's drill-down. */
export function parseHistoryLimit(value: string): number {
  const limit = Number(value);
  if (!/^\d+$/.test(value.trim()) || limit < 1 || limit > 1000)
    throw new InvalidArgumentError('the limit must be a whole number from 1 to 1000.');
  return limit;
}

/** A whole number from 1 to 10,000,000 (the lab's fleet sample sizes), worded with the option's name. */
export function positiveCount(what: string) {
  return (value: string): number => {
    const count = Number(value);
    if (!/^\d+$/.test(value.trim()) || count < 1 || count > 10_000_000)
      throw new InvalidArgumentError(`${what} must be a whole number from 1 to 10000000.`);
    return count;
  };
}

// `--at <time>` of `tickets` and `analyze`: judge saved tickets as of a moment (when the klist or ccache
// was captured) instead of now. A full ISO 8601 date and time; without an offset it is this machine's
// local time, as the klist text it usually comes with.
const AT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

const AT_MESSAGE =
  'expected an ISO 8601 date and time, e.g. 2026-11-25T10:00:00Z (no offset: local time of this machine).';

export function parseAt(value: string): Date {
  const match = AT.exec(value.trim());
  if (!match) throw new InvalidArgumentError(AT_MESSAGE);
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((group) => Number(match[group] ?? '0')) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offset = match[7];
  const offsetOk =
    !offset || /^z$/i.test(offset) || (Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4, 6)) <= 59);
  const dateOk = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
  const timeOk = hour <= 23 && minute <= 59 && second <= 59;
  if (!dateOk || !timeOk || !offsetOk) throw new InvalidArgumentError(AT_MESSAGE);
  const at = new Date(value.trim().replace(' ', 'T'));
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError(AT_MESSAGE);
  return at;
}
