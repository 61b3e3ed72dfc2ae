// Renderer entry: styles, the app, and (in the browser twin only) for the end-to-end tests a
// read-only view of the stores (no card number is ever kept) and a display-only language switch.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/base.css';
import './styles/layout.css';
import './styles/sale.css';
import './styles/screens.css';
import './styles/print.css';
import { isWebTwin } from './api/counter';
import { App } from './layout/App';
import { useAppStore } from './stores/app-store';
import { exposeLanguagePreview } from './stores/language-preview';
import { useSaleStore } from './stores/sale-store';
import { useSyncStore } from './stores/sync-store';
import { useTerminalStore } from './stores/terminal-store';

declare global {
  interface Window {
    __counterState?: () => string;
  }
}

if (isWebTwin) {
  window.__counterState = () =>
    JSON.stringify({
      app: useAppStore.getState(),
      sale: useSaleStore.getState(),
      terminals: useTerminalStore.getState(),
      sync: useSyncStore.getState(),
    });
  exposeLanguagePreview();
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
