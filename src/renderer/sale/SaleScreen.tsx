// F1: entry until Pay is pressed, then the big outcome panel until "New sale".
import { useSaleStore } from '../stores/sale-store';
import { OutcomePanel } from './OutcomePanel';
import { SaleEntry } from './SaleEntry';

export function SaleScreen() {
  const phase = useSaleStore((s) => s.phase);
  return phase === 'entry' ? <SaleEntry /> : <OutcomePanel />;
}
