// The sale's current state in words (its title and whether money moved), shared by the big
// outcome panel and the screen-reader announcement, so both always say the same thing.
import type { MessageKey } from '../i18n/en';
import { useT } from '../hooks/use-t';
import { useSaleStore } from '../stores/sale-store';
import { chargedAmount, outcomeOf, type Outcome, type OutcomeKind } from './outcome';

const TITLE: Record<OutcomeKind, MessageKey> = {
  waiting: 'outcome.waiting', cancelling: 'outcome.cancelling', approved: 'outcome.approved', partial: 'outcome.partial', declined: 'outcome.declined',
  cancelled: 'outcome.cancelled', busy: 'outcome.busy', unknown: 'outcome.unknown', forced: 'outcome.forced', error: 'outcome.error',
};

export interface OutcomeWords {
  outcome: Outcome;
  title: string;
  moneyLine: string;
}

export function useOutcomeWords(): OutcomeWords {
  const { t, money } = useT();
  const phase = useSaleStore((s) => s.phase);
  const sale = useSaleStore((s) => s.sale);
  const error = useSaleStore((s) => s.error);
  const cancel = useSaleStore((s) => s.cancel);
  const computed = outcomeOf(phase, sale, error);
  // A refused cancel leaves the payment open on the device: it is still waiting, not cancelling.
  const outcome = computed.kind === 'cancelling' && cancel === 'failed' ? { ...computed, kind: 'waiting' as const } : computed;
  const moneyLine =
    outcome.money === 'yes' && sale
      ? t('outcome.moneyYes', { amount: money(chargedAmount(sale), sale.currency) })
      : outcome.money === 'no'
        ? t('outcome.moneyNo')
        : outcome.money === 'unknown'
          ? t('outcome.moneyUnknown')
          : t('outcome.moneyPending');
  return { outcome, title: t(TITLE[outcome.kind]), moneyLine };
}
