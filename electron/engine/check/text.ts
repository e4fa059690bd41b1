// Small wordings the hops share.

/** The realm part of `user@REALM`, or null. */
export function realmOf(principal: string | null | undefined): string | null {
  if (!principal) return null;
  const at = principal.lastIndexOf('@');
  return at >= 0 ? principal.slice(at + 1) : null;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An ISO time as people read it in a step line: `2026-12-01 10:00:00Z`. */
export function fmtTime(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}
