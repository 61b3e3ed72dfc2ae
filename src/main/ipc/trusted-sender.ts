// GitHub Desktop's guard: an IPC message is handled only if it comes from the main frame of
// one of our own windows showing our own origin. Anything else (a navigated frame, a devtools
// extension, a future webview) is refused before its input is even parsed.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { APP_ORIGIN } from '../app-protocol';

const trusted = new Set<number>();

export function trustWebContents(contents: WebContents): void {
  trusted.add(contents.id);
  contents.once('destroyed', () => trusted.delete(contents.id));
}

export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || !trusted.has(event.sender.id)) return false;
  if (frame !== event.sender.mainFrame) return false;
  try {
    // Not URL.origin: Node gives "null" for a non-special scheme such as app:.
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}
