// Moving between screens, with the one rule that matters: a cashier cannot walk away from a
// payment that is still open on the terminal (field-lessons §2).
import { translate } from '../i18n/translate';
import { useAppStore, type Screen } from '../stores/app-store';
import { useSaleStore } from '../stores/sale-store';

export const SCREEN_SHORTCUTS: Readonly<Record<Screen, string>> = { sale: 'F1', history: 'F2', attention: 'F3', settings: 'F4', totals: 'F5' };

export function goTo(screen: Screen): void {
  const app = useAppStore.getState();
  const sale = useSaleStore.getState();
  // F1 on a finished sale starts the next one.
  if (screen === 'sale' && app.screen === 'sale' && sale.phase === 'outcome') sale.reset();
  if (screen !== 'sale' && sale.phase === 'waiting') {
    app.setScreen('sale');
    app.setNotice(translate(app.language, 'nav.blocked'));
    return;
  }
  app.setScreen(screen);
}
