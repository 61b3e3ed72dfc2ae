// "In progress on <terminal> — waiting … until <time>": another process (or window) waits for
// Clover's answer on this record, so nothing else may settle it until then.
import type { InProgressView } from '../../shared/contract/views';
import { useT } from '../hooks/use-t';
import { useTerminalStore } from '../stores/terminal-store';

/** Keyed sales and their refunds are recorded under this marker instead of a terminal serial. */
const KEYED_TERMINAL = 'KEYED';

export function InProgressLine({ progress, waitsFor }: { progress: InProgressView; waitsFor: 'customer' | 'clover' }) {
  const { t, time } = useT();
  const named = useTerminalStore((s) => s.terminals.find((x) => x.serial === progress.terminal)?.name);
  const keyed = progress.terminal === KEYED_TERMINAL;
  const terminal = keyed ? t('progress.keyed') : (named ?? progress.terminal);
  const text =
    progress.until === null
      ? t('progress.noTime', { terminal })
      : t(waitsFor === 'customer' && !keyed ? 'progress.customer' : 'progress.clover', { terminal, time: time(progress.until) });
  return (
    <p className="in-progress-line">
      <span aria-hidden="true">◷ </span>
      {text}
    </p>
  );
}
