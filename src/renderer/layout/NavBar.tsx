// The top bar: one button per screen with its F-key, the attention count, the merchant.
import type { MessageKey } from '../i18n/en';
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { SCREENS, useAppStore, type Screen } from '../stores/app-store';
import { useSyncStore } from '../stores/sync-store';
import { ShortcutButton } from '../ui/ShortcutButton';
import { goTo, SCREEN_SHORTCUTS } from './navigation';

const LABELS: Record<Screen, MessageKey> = { sale: 'nav.sale', history: 'nav.history', attention: 'nav.attention', settings: 'nav.settings', totals: 'nav.totals' };

function NavItem({ screen }: { screen: Screen }) {
  const { t } = useT();
  const current = useAppStore((s) => s.screen);
  const attention = useSyncStore((s) => s.unresolved + (s.status?.parked ?? 0));
  useShortcut(SCREEN_SHORTCUTS[screen], () => goTo(screen));
  const count = screen === 'attention' && attention > 0 ? attention : 0;
  return (
    <li>
      <ShortcutButton
        shortcut={SCREEN_SHORTCUTS[screen]}
        variant="plain"
        className={`nav-item${current === screen ? ' current' : ''}${count ? ' has-count' : ''}`}
        aria-current={current === screen ? 'page' : undefined}
        aria-describedby={count ? 'attention-count' : undefined}
        onClick={() => goTo(screen)}
      >
        {t(LABELS[screen])}
      </ShortcutButton>
      {count > 0 && (
        <span id="attention-count" className="nav-count">
          {t('nav.attentionCount', { count })}
        </span>
      )}
    </li>
  );
}

export function NavBar() {
  const { t } = useT();
  return (
    <header className="topbar">
      <span className="brand">{t('app.title')}</span>
      <nav aria-label={t('nav.label')}>
        <ul className="nav">
          {SCREENS.map((screen) => (
            <NavItem key={screen} screen={screen} />
          ))}
        </ul>
      </nav>
    </header>
  );
}
