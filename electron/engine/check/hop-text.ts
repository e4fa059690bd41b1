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

/** An ISO time in a step line, in the one format KerbProbe writes times in (contract/format.ts). */
export { formatTime as fmtTime } from '../../contract/format';
