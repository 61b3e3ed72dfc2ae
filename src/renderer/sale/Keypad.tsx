// On-screen keypad for touch screens. Keys never take focus (pointerdown is cancelled), so
// typing on a physical keyboard and tapping can be mixed freely.
import { useT } from '../hooks/use-t';

const KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '00', '0'] as const;

export interface KeypadProps {
  decimal: string;
  disabled: boolean;
  onKey(key: string): void;
  onDelete(): void;
  onClear(): void;
}

export function Keypad({ decimal, disabled, onKey, onDelete, onClear }: KeypadProps) {
  const { t } = useT();
  const keep = (e: { preventDefault(): void }) => e.preventDefault();
  return (
    <div className="keypad" role="group" aria-label={t('sale.keypad')}>
      {KEYS.map((k) => (
        <button key={k} type="button" className="key" tabIndex={-1} disabled={disabled} onPointerDown={keep} onClick={() => onKey(k)}>
          {k}
        </button>
      ))}
      <button type="button" className="key" tabIndex={-1} disabled={disabled} onPointerDown={keep} onClick={() => onKey(decimal)}>
        {decimal}
      </button>
      <button type="button" className="key key-wide" tabIndex={-1} disabled={disabled} onPointerDown={keep} onClick={onDelete} aria-label={t('sale.keypadDelete')}>
        ⌫
      </button>
      <button type="button" className="key key-wide" tabIndex={-1} disabled={disabled} onPointerDown={keep} onClick={onClear} aria-label={t('sale.keypadClear')}>
        C
      </button>
    </div>
  );
}
