// Option parsers the history and fleet commands share.
import { InvalidArgumentError } from 'commander';

export function parseHistoryLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1000)
    throw new InvalidArgumentError('the limit must be a whole number from 1 to 1000.');
  return n;
}
