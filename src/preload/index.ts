// Sandboxed preload: exposes window.counter and nothing else. Built as ONE CommonJS file.
import { contextBridge, ipcRenderer } from 'electron';

const counter = {
  version: (): Promise<string> => ipcRenderer.invoke('app.version'),
};

contextBridge.exposeInMainWorld('counter', counter);
