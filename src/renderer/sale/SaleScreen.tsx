// F1: entry until Pay is pressed, then the big outcome panel until "New sale"; the announcer
// stays across both so that each change of state is read out.
import { useSaleStore } from '../stores/sale-store';
import { OutcomeAnnouncer } from './OutcomeAnnouncer';
import { OutcomePanel } from './OutcomePanel';
import { SaleEntry } from './SaleEntry';

export function SaleScreen() {
  const phase = useSaleStore((s) => s.phase);
  return (
    <>
      <OutcomeAnnouncer />
      {phase === 'entry' ? <SaleEntry /> : <OutcomePanel />}
    </>
  );
}
