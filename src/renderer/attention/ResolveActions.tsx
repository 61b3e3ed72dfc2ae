// The two ways out of an unknown outcome, in this order: look it up at Clover (never charge
// again), or, when Clover cannot tell, a manager settles it by hand with a reason.
import { useState } from 'react';
import type { ApiResult } from '../../shared/contract/result';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { ForceForm, type CloverIdKind, type ForceInput } from './ForceForm';

export interface ResolveActionsProps {
  lookUp(): void;
  looking: boolean;
  formId: string;
  /** The Clover id an approved settlement may name (none for a void). */
  cloverIdKind?: CloverIdKind;
  force(input: ForceInput): Promise<ApiResult<unknown>>;
  doneMessage: string;
  onSettled(message: string): void;
}

export function ResolveActions({ lookUp, looking, formId, cloverIdKind, force, doneMessage, onSettled }: ResolveActionsProps) {
  const { t } = useT();
  const [settling, setSettling] = useState(false);
  return (
    <>
      <div className="actions">
        <ShortcutButton variant="primary" onClick={lookUp} disabled={looking} aria-busy={looking}>
          {t('attention.lookUp')}
        </ShortcutButton>
        <ShortcutButton onClick={() => setSettling((v) => !v)} aria-expanded={settling}>
          {t('attention.settle')}
        </ShortcutButton>
      </div>
      {settling && <ForceForm formId={formId} cloverIdKind={cloverIdKind} force={force} doneMessage={doneMessage} onDone={onSettled} />}
    </>
  );
}
