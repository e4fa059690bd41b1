// Where this user's history lives. One file per user, in the place each OS keeps a user's local,
// non-roaming application data: a log shipper's rule (docs/fleet.md) names the same path.
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

export const HISTORY_ENV = 'KERBPROBE_HISTORY';
export const HISTORY_FILE_NAME = 'history.jsonl';

/**
 * `KERBPROBE_HISTORY` when set (tests, a training realm, a deployment that wants another place); otherwise
 * Windows: %LOCALAPPDATA%\KerbProbe\history.jsonl (local, not roaming: each device writes its own);
 * macOS: ~/Library/Logs/KerbProbe/history.jsonl; elsewhere $XDG_STATE_HOME/kerbprobe/history.jsonl
 * (default ~/.local/state, the XDG place for state such as logs and history).
 */
export function historyPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: () => string = homedir,
): string {
  const override = env[HISTORY_ENV]?.trim();
  if (override) return override;
  if (platform === 'win32')
    return win32.join(env.LOCALAPPDATA || win32.join(home(), 'AppData', 'Local'), 'KerbProbe', HISTORY_FILE_NAME);
  if (platform === 'darwin') return join(home(), 'Library', 'Logs', 'KerbProbe', HISTORY_FILE_NAME);
  return join(env.XDG_STATE_HOME || join(home(), '.local', 'state'), 'kerbprobe', HISTORY_FILE_NAME);
}
