// Registers every channel of the contract with ipcMain, each behind the sender check.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CHANNELS } from '../contract/ipc';
import { dispatch, type IpcHandlers } from './ipc-handlers';

type FrameLike = { url: string } | null | undefined;

/**
 * Only the main frame of our own window, showing our own page, may call: not a sub-frame, not another
 * window, not our window after something navigated it elsewhere.
 */
export function makeSenderCheck(getContents: () => Pick<WebContents, 'mainFrame' | 'id'> | null, appUrl: string) {
  return (event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean => {
    const contents = getContents();
    const frame: FrameLike = event.senderFrame;
    if (!contents || !frame) return false;
    if (event.sender?.id !== contents.id) return false;
    if (frame !== contents.mainFrame) return false;
    return frame.url === appUrl;
  };
}

export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: IpcHandlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  log: (line: string) => void,
): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      dispatch(handlers, channel, payload, isTrustedSender(event), log, { sender: event.sender.id }),
    );
  }
}
