// The one CounterApi the UI talks to: the Electron preload's `window.counter` when present,
// otherwise the browser twin over the loopback bridge (`npm run web`, the e2e tests).
import type { CounterApi } from '../../shared/contract/counter-api';
import { createWebCounter, type ConnectionListener } from './web-counter';
import { takeToken } from './web-token';

declare global {
  interface Window {
    counter?: CounterApi;
  }
}

function hasPreload(): boolean {
  return typeof window.counter?.sales?.start === 'function';
}

function pick(): { api: CounterApi; onConnection: ((l: ConnectionListener) => () => void) | null; web: boolean } {
  if (hasPreload()) return { api: window.counter!, onConnection: null, web: false };
  const token = takeToken({
    href: window.location.href,
    storage: window.sessionStorage,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
  });
  const web = createWebCounter(token);
  return { api: web.api, onConnection: web.onConnection, web: true };
}

const chosen = pick();

export const counter: CounterApi = chosen.api;
/** Event-stream connection state; null under Electron, where IPC cannot drop. */
export const onBridgeConnection = chosen.onConnection;
export const isWebTwin = chosen.web;
