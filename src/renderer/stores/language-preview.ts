// Browser twin only: shows the screen as it is in another language without leaving it (a sale
// waiting for the customer cannot leave the sale screen), so the end-to-end accessibility scans
// read every state in English and in French. Display only: nothing is saved, and the next
// settings load brings back the saved language.
import { LANGUAGES, type Language } from '../i18n/translate';
import { useAppStore } from './app-store';

declare global {
  interface Window {
    __counterShowLanguage?: (language: Language) => void;
  }
}

export function exposeLanguagePreview(): void {
  window.__counterShowLanguage = (language) => {
    if (!LANGUAGES.includes(language)) throw new Error(`unknown language: ${String(language)}`);
    useAppStore.getState().setLanguage(language);
  };
}
