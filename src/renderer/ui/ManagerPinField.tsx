// The manager PIN for a change only a manager may make. The till checks it (the screen is never
// trusted with that); here it lives only in the field: uncontrolled (never in React state or a
// store), read once when the request is sent and cleared at once.
import type { RefObject } from 'react';
import { useT } from '../hooks/use-t';

export interface ManagerPinFieldProps {
  inputRef: RefObject<HTMLInputElement | null>;
  /** Told only whether something is typed (to enable a button), never what. */
  onFilled?: (filled: boolean) => void;
}

export function ManagerPinField({ inputRef, onFilled }: ManagerPinFieldProps) {
  const { t } = useT();
  return (
    <label className="field">
      {t('common.managerPin')}
      <input ref={inputRef} type="password" inputMode="numeric" autoComplete="off" maxLength={8} onInput={(e) => onFilled?.(e.currentTarget.value !== '')} />
    </label>
  );
}

/** The PIN typed in the field, once: the field is emptied before the request goes out. */
export function takeManagerPin(inputRef: RefObject<HTMLInputElement | null>, onFilled?: (filled: boolean) => void): string | undefined {
  const input = inputRef.current;
  const pin = input?.value.trim() ?? '';
  if (input) input.value = '';
  onFilled?.(false);
  return pin === '' ? undefined : pin;
}
