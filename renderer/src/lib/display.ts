// Engine data on its way into the page: every string neutralised for display (contract/display-text), and
// the exact original kept beside each display copy for what the page sends back (a report to export).
import type { KerbProbeApi } from '../../../electron/contract/verbs';
import { displayText } from '../../../electron/contract/display-text';

const originals = new WeakMap<object, unknown>();

/** A deep copy of `value` with every string neutralised for display; the copy remembers its original. */
export function forDisplay<T>(value: T): T {
  if (typeof value === 'string') return displayText(value) as T;
  if (Array.isArray(value))
    return remember(
      value.map((v) => forDisplay(v)),
      value,
    ) as T;
  if (value && typeof value === 'object') {
    const copy = Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, forDisplay(v)]),
    );
    return remember(copy, value) as T;
  }
  return value;
}

function remember<C extends object>(copy: C, original: unknown): C {
  originals.set(copy, original);
  return copy;
}

/** The exact value a display copy was made from, also inside a value that holds one (a request with a report). */
export function original<T>(value: T): T {
  if (!value || typeof value !== 'object') return value;
  const known = originals.get(value);
  if (known !== undefined) return known as T;
  if (Array.isArray(value)) return value.map((v) => original(v)) as T;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, original(v)])) as T;
}

/** `raw` with every answer and progress event made safe to display, and display copies sent back as their originals. */
export function displayApi(raw: KerbProbeApi): KerbProbeApi {
  const groups = Object.entries(raw).filter(([, v]) => v && typeof v === 'object') as [
    string,
    Record<string, (...args: unknown[]) => Promise<unknown>>,
  ][];
  const verbs = Object.fromEntries(
    groups.map(([group, table]) => [
      group,
      Object.fromEntries(
        Object.entries(table).map(([verb, fn]) => [
          verb,
          async (...args: unknown[]) => forDisplay(await fn(...args.map((a) => original(a)))),
        ]),
      ),
    ]),
  );
  return {
    ...verbs,
    onProgress: (listener) => raw.onProgress((event) => listener(forDisplay(event))),
  } as KerbProbeApi;
}
