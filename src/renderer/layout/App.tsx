// The window: banners (training, offline), the screen bar, one screen, the sync bar.
import { useEffect } from 'react';
import { AttentionScreen } from '../attention/AttentionScreen';
import { HistoryScreen } from '../history/HistoryScreen';
import { useBootstrap } from '../hooks/use-bootstrap';
import { useT } from '../hooks/use-t';
import { SaleScreen } from '../sale/SaleScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { useAppStore } from '../stores/app-store';
import { TotalsScreen } from '../totals/TotalsScreen';
import { ShortcutButton } from '../ui/ShortcutButton';
import { NavBar } from './NavBar';
import { OfflineBanner } from './OfflineBanner';
import { SyncStatusBar } from './SyncStatusBar';
import { TrainingBanner } from './TrainingBanner';

function StartScreen({ onRetry }: { onRetry(): void }) {
  const { t } = useT();
  const error = useAppStore((s) => s.loadError);
  return (
    <main className="start">
      <h1>{t('app.title')}</h1>
      {!error && <p role="status">{t('app.loading')}</p>}
      {error && (
        <>
          <p role="alert" className="start-error">
            {error.code === 'UNTRUSTED_SENDER' ? t('app.noToken') : t('app.loadFailed', { message: error.message })}
          </p>
          <ShortcutButton variant="primary" onClick={onRetry}>
            {t('app.retry')}
          </ShortcutButton>
        </>
      )}
    </main>
  );
}

const SCREENS = { sale: SaleScreen, history: HistoryScreen, attention: AttentionScreen, settings: SettingsScreen, totals: TotalsScreen };

export function App() {
  const reload = useBootstrap();
  const { t, language } = useT();
  const ready = useAppStore((s) => s.info !== null);
  const screen = useAppStore((s) => s.screen);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('app.title');
  }, [language, t]);
  if (!ready) return <StartScreen onRetry={reload} />;
  const Screen = SCREENS[screen];
  return (
    <div className="app">
      <TrainingBanner />
      <OfflineBanner />
      <NavBar />
      <main id="main" className={`screen screen-${screen}`}>
        <Screen />
      </main>
      <SyncStatusBar />
    </div>
  );
}
