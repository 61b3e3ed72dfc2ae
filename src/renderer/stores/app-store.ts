// Session-wide facts: who the till is (app.info), its settings, the language, which screen
// is up, and whether the event stream to the till is alive.
import { create } from 'zustand';
import type { AppInfoView } from '../../shared/contract/views';
import type { ApiError } from '../../shared/contract/result';
import type { Settings } from '../../shared/settings';
import type { Language } from '../i18n/translate';

export type Screen = 'sale' | 'history' | 'attention' | 'settings' | 'totals';
export const SCREENS: readonly Screen[] = ['sale', 'history', 'attention', 'settings', 'totals'];

export interface AppStore {
  info: AppInfoView | null;
  settings: Settings | null;
  loadError: ApiError | null;
  language: Language;
  screen: Screen;
  bridgeConnected: boolean;
  /** A one-line notice for the whole app (e.g. "finish the payment first"). */
  notice: string | null;
  setInfo(info: AppInfoView): void;
  setSettings(settings: Settings): void;
  setLoadError(error: ApiError | null): void;
  setLanguage(language: Language): void;
  setScreen(screen: Screen): void;
  setBridgeConnected(connected: boolean): void;
  setNotice(notice: string | null): void;
}

export const useAppStore = create<AppStore>()((set) => ({
  info: null,
  settings: null,
  loadError: null,
  language: 'en',
  screen: 'sale',
  bridgeConnected: true,
  notice: null,
  setInfo: (info) => set({ info, settings: info.settings, language: info.settings.language, loadError: null }),
  setSettings: (settings) => set((s) => ({ settings, language: settings.language, info: s.info && { ...s.info, settings, training: settings.training } })),
  setLoadError: (loadError) => set({ loadError }),
  setLanguage: (language) => set({ language }),
  setScreen: (screen) => set({ screen, notice: null }),
  setBridgeConnected: (bridgeConnected) => set({ bridgeConnected }),
  setNotice: (notice) => set({ notice }),
}));

/** Training shows everywhere; either source saying so is enough. */
export function isTraining(s: Pick<AppStore, 'info' | 'settings'>): boolean {
  return Boolean(s.info?.training || s.settings?.training);
}
