// Card-not-present entry. The fields are UNCONTROLLED: the card number is never in React
// state or a store. It is read once on submit, sent, and the form is wiped right after the
// call is made, whatever the outcome. Nothing here logs.
import { useRef, useState, type FormEvent } from 'react';
import { useFocusOn } from '../hooks/use-focus';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';
import type { PayBlock } from './pay-readiness';
import { startKeyedSale, type KeyedCard } from './sale-actions';

function readCard(form: HTMLFormElement): KeyedCard | null {
  const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.replace(/[\s-]/g, '') ?? '';
  const number = field('cardnumber');
  const expMonth = Number(field('exp-month'));
  let expYear = Number(field('exp-year'));
  if (expYear > 0 && expYear < 100) expYear += 2000;
  const cvv = field('cvc');
  const ok = /^\d{12,19}$/.test(number) && expMonth >= 1 && expMonth <= 12 && expYear >= 2000 && expYear <= 2100 && /^\d{3,4}$/.test(cvv);
  return ok ? { number, expMonth, expYear, cvv } : null;
}

export function KeyedEntryForm({ block }: { block: PayBlock | null }) {
  const { t } = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const [invalid, setInvalid] = useState(false);
  useFocusOn(firstRef, 'keyed');

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const card = readCard(form);
    if (!card) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    void startKeyedSale(card, () => form.reset());
  };

  return (
    <section className="panel keyed" aria-labelledby="keyed-heading">
      <h2 id="keyed-heading">{t('keyed.heading')}</h2>
      <p className="hint">{t('keyed.preferTerminal')}</p>
      {/* autocomplete off: the browser must not remember card numbers either */}
      <form ref={formRef} id="keyed-form" onSubmit={submit} autoComplete="off" noValidate>
        {/* Refused before anyone types a card number: nothing to type when keying is off. */}
        <fieldset className="keyed-grid plain" disabled={block?.key === 'keyed.disabled' || block?.key === 'sale.blockedCredentialKeyed'}>
        <label className="span-2">
          {t('keyed.number')}
          <input ref={firstRef} name="cardnumber" inputMode="numeric" autoComplete="off" spellCheck={false} maxLength={23} aria-invalid={invalid} />
        </label>
        <label>
          {t('keyed.expMonth')}
          <input name="exp-month" inputMode="numeric" autoComplete="off" maxLength={2} />
        </label>
        <label>
          {t('keyed.expYear')}
          <input name="exp-year" inputMode="numeric" autoComplete="off" maxLength={4} />
        </label>
        <label>
          {t('keyed.cvv')}
          <input name="cvc" type="password" inputMode="numeric" autoComplete="off" maxLength={4} />
        </label>
        <ShortcutButton type="submit" variant="primary" size="big" className="span-2" disabled={block !== null}>
          {t('keyed.submit')}
        </ShortcutButton>
        </fieldset>
      </form>
      <StatusLine tone="bad">{invalid ? t('keyed.invalid') : block ? t(block.key, block.vars) : null}</StatusLine>
    </section>
  );
}
