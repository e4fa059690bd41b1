// Making evidence safe to show: every line a source describes goes through here, so no key, ticket or token
// bytes reach a report, whatever the source printed.
import type { KerberosStage } from './evidence-source';

const MAX_LINE = 600;

/**
 * Makes a text safe to show: no control characters, no runs of hex or base64 long enough to be key or
 * ticket bytes (klist tgt prints both), bounded length.
 */
export function sanitizeEvidenceText(text: string): string {
  let safe = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').replace(/\s*[\r\n]+\s*/g, ' / ');
  // Spaced or colon-separated hex bytes ("5c 19 a0 77 ..."), 8 bytes or more.
  safe = safe.replace(/\b[0-9a-f]{2}(?:[ :][0-9a-f]{2}){7,}\b/gi, '[bytes removed]');
  // Contiguous hex of 32+ digits (16+ bytes), unless it is a GUID (tenant ids are handled by redaction).
  safe = safe.replace(/\b[0-9a-f]{32,}\b/gi, '[bytes removed]');
  // Base64 blobs of 40+ characters (tickets, tokens).
  safe = safe.replace(/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}={0,2}/g, (m) =>
    /[0-9]/.test(m) && /[A-Z]/.test(m) && /[a-z]/.test(m) ? '[bytes removed]' : m,
  );
  safe = safe.replace(/ {2,}/g, ' ').trim();
  return safe.length > MAX_LINE ? `${safe.slice(0, MAX_LINE - 1)}…` : safe;
}

/** A text quoted as printed, made safe. */
export const quote = (text: string): string => `"${sanitizeEvidenceText(text)}"`;

/** " [TGS exchange, realm X]": where a Kerberos failure happened, when known. */
export function where(e: { realm?: string; stage?: KerberosStage }): string {
  const parts: string[] = [];
  if (e.stage) parts.push({ as: 'AS exchange (TGT)', tgs: 'TGS exchange', ap: 'server (AP exchange)' }[e.stage]);
  if (e.realm) parts.push(`realm ${e.realm}`);
  return parts.length ? ` [${parts.join(', ')}]` : '';
}
