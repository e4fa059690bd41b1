// `sc query <service>`: the service's state. The STATE line carries a number before the (localized) word —
//         STATE              : 4  RUNNING
// — so the number is read: 1 STOPPED, 2 START_PENDING, 3 STOP_PENDING, 4 RUNNING, 5 CONTINUE_PENDING,
// 6 PAUSE_PENDING, 7 PAUSED (SERVICE_STATUS.dwCurrentState:
// https://learn.microsoft.com/en-us/windows/win32/api/winsvc/ns-winsvc-service_status; the command:
// https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/sc-query).
// A service that does not exist makes sc print "[SC] EnumQueryServicesStatus:OpenService FAILED 1060" (exit 1060).
import type { ToolFieldKind } from '../../contract/bundle';
import { ParseError } from '../errors';
import { toLines } from '../tickets/pasted-text';

export type ServiceState =
  'stopped' | 'start-pending' | 'stop-pending' | 'running' | 'continue-pending' | 'pause-pending' | 'paused';

export interface ServiceStatus {
  name: string | null;
  state: ServiceState | 'not-installed';
}

const STATES: Record<number, ServiceState> = {
  1: 'stopped',
  2: 'start-pending',
  3: 'stop-pending',
  4: 'running',
  5: 'continue-pending',
  6: 'pause-pending',
  7: 'paused',
};

export function parseScQuery(text: string): ServiceStatus {
  const lines = toLines(text, 'SCQUERY');
  if (lines.some((l) => /\bFAILED\s+1060\b/.test(l))) return { name: null, state: 'not-installed' };
  let name: string | null = null;
  let state: ServiceState | null = null;
  for (const line of lines) {
    const match = /^\s*([A-Z_]+)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    if (match[1] === 'SERVICE_NAME') name = (match[2] ?? '').trim() || null;
    // The key names are not localized; the state's number comes first.
    if (match[1] === 'STATE') state = STATES[Number(/^(\d+)/.exec(match[2] ?? '')?.[1])] ?? null;
  }
  if (state === null)
    throw new ParseError('SCQUERY_NOT_RECOGNISED', 'no STATE line with a state number in the sc query output');
  return { name, state };
}

/**
 * What each `KEY : value` line of `sc query` holds, for redaction (engine/report/redact-tool-output.ts): the
 * service's own name (the one asked for) and numbers with their Windows words. The state's continuation line
 * (`(STOPPABLE, NOT_PAUSABLE, …)`) and `[SC] … FAILED n` are Windows' words. Any other line is redacted.
 */
export const SC_QUERY_FIELD_KINDS: Readonly<Record<string, ToolFieldKind>> = {
  service_name: 'fixed',
  display_name: 'fixed',
  type: 'fixed',
  state: 'fixed',
  win32_exit_code: 'fixed',
  service_exit_code: 'fixed',
  checkpoint: 'fixed',
  wait_hint: 'fixed',
  pid: 'fixed',
  flags: 'fixed',
};
