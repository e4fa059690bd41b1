// Durations as people read them, the same in the app, the CLI and the exported reports. Pure (no imports):
// the renderer may use it at run time.

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * A time as KerbProbe writes it in every text outside the app's page (CLI, step details, evidence, the
 * reports): ISO 8601 to the second, `2026-12-02T12:36:24Z`. A time the source gave without an offset (a
 * Windows klist's local wall clock) keeps having none. Fractions of a second are dropped.
 */
export function formatTime(iso: string | null | undefined): string {
  return iso ? iso.replace(/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?/, '$1T$2') : '—';
}
