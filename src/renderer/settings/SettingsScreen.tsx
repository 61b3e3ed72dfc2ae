// F4: how this counter is set up. One section per concern, each saving on its own.
import { useRef } from 'react';
import { useFocusOn } from '../hooks/use-focus';
import { useT } from '../hooks/use-t';
import { CloverSection } from './CloverSection';
import { GeneralSection } from './GeneralSection';
import { ManagerPinSection } from './ManagerPinSection';
import { OdooSection } from './OdooSection';
import { PrinterSection } from './PrinterSection';
import { SurchargeSection } from './SurchargeSection';
import { TerminalsSection } from './TerminalsSection';

export function SettingsScreen() {
  const { t } = useT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOn(headingRef, 'settings');
  return (
    <section className="settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading" ref={headingRef} tabIndex={-1}>
        {t('settings.heading')}
      </h1>
      <div className="settings-grid">
        <GeneralSection />
        <CloverSection />
        <TerminalsSection />
        <SurchargeSection />
        <OdooSection />
        <PrinterSection />
        <ManagerPinSection />
      </div>
    </section>
  );
}
