// A polite live region: results of actions are read out without stealing focus. Colour is
// never the only signal: the tone also sets a leading symbol.
import type { ReactNode } from 'react';

export type Tone = 'info' | 'ok' | 'warn' | 'bad';
const SYMBOL: Record<Tone, string> = { info: 'ℹ', ok: '✓', warn: '!', bad: '✕' };

export function StatusLine({ tone = 'info', children, className }: { tone?: Tone; children: ReactNode; className?: string }) {
  if (children === null || children === undefined || children === false || children === '') return <p role="status" className="status-line empty" />;
  return (
    <p role="status" className={`status-line tone-${tone} ${className ?? ''}`}>
      <span aria-hidden="true" className="status-symbol">
        {SYMBOL[tone]}
      </span>{' '}
      {children}
    </p>
  );
}
