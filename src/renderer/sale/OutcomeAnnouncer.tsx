// Screen readers hear every change of the sale's state ("Approved. Money moved: YES — $12.34
// charged."). The live region is on the sale screen before Pay is pressed: a region that appears
// together with its text is often not read out. It holds the latest state only.
import { useSaleStore } from '../stores/sale-store';
import { useOutcomeWords } from './use-outcome-words';

export function OutcomeAnnouncer() {
  const phase = useSaleStore((s) => s.phase);
  const { title, moneyLine } = useOutcomeWords();
  return (
    <p id="sale-announcer" className="visually-hidden" role="status" aria-live="assertive" aria-atomic="true">
      {phase === 'entry' ? '' : `${title}. ${moneyLine}`}
    </p>
  );
}
