// Sandboxed preload: exposes window.counter (the contract's CounterApi) and nothing else.
// One slice per domain, each call an ipcRenderer.invoke; built as ONE CommonJS file.
import { contextBridge, ipcRenderer } from 'electron';
import { buildCounterApi, EVENT_NAMES } from '../shared/contract/counter-api';
import type { ApiResult } from '../shared/contract/result';

const CALL_PREFIX = 'counter:';
const EVENT_CHANNEL = 'counter:event';

const counter = buildCounterApi(
  (name, input) => ipcRenderer.invoke(`${CALL_PREFIX}${name}`, input) as Promise<ApiResult<unknown>>,
  (event, listener) => {
    const handler = (_e: unknown, name: string, payload: unknown) => {
      if (name === event && (EVENT_NAMES as readonly string[]).includes(name)) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
);

contextBridge.exposeInMainWorld('counter', counter);
