// The amount: a big labelled field ("Amount") plus the keypad. Enter submits the sale form
// (the field lives inside it); focus returns here on every new sale.
import { useRef } from 'react';
import { parseAmount } from '../i18n/format';
import { useFocusOn } from '../hooks/use-focus';
import { useT } from '../hooks/use-t';
import { useSaleStore } from '../stores/sale-store';
import { Keypad } from './Keypad';

export function AmountEntry({ focusKey }: { focusKey: unknown }) {
  const { t, language } = useT();
  const text = useSaleStore((s) => s.amountText);
  const setText = useSaleStore((s) => s.setAmountText);
  const inputRef = useRef<HTMLInputElement>(null);
  useFocusOn(inputRef, focusKey);
  const decimal = language === 'fr-CA' ? ',' : '.';
  const invalid = text.trim() !== '' && parseAmount(text) === null;
  const edit = (next: string) => {
    setText(next);
    inputRef.current?.focus();
  };
  return (
    <div className="amount-entry">
      <label htmlFor="amount" className="amount-label">
        {t('sale.amount')}
      </label>
      <input
        ref={inputRef}
        id="amount"
        className="amount-input"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={invalid}
        aria-describedby="amount-hint"
        placeholder={`0${decimal}00`}
      />
      <p id="amount-hint" className={invalid ? 'hint bad' : 'hint'}>
        {invalid ? t('sale.amountInvalid') : t('sale.amountHint')}
      </p>
      <Keypad
        decimal={decimal}
        disabled={false}
        onKey={(k) => edit(text + k)}
        onDelete={() => edit(text.slice(0, -1))}
        onClear={() => edit('')}
      />
    </div>
  );
}
