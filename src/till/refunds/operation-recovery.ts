// Settling a refund, void or credit whose outcome is unknown. Refunds, voids and credits carry no
// id Clover can be searched by, so the only automatic lookup is Clover's own: resend the identical
// request under the same Idempotency-Key and Clover answers with the original result (§3.6,
// field-lessons §3). That is safe only while Clover still remembers the key, so old ones are left
// to a person, who checks the Clover dashboard and forces the outcome with a reason.
import { CounterError } from '../../shared/contract/result';
import type { OperationView } from '../../shared/contract/views';
import type { Till } from '../create-till';
import { emit } from '../sales/sale-outcome';
import { sendCredit, settleCredit } from './credit';
import { creditView, refundView, voidView } from './operation-view';
import { sendRefund, settleRefund } from './refund-payment';
import { sendVoid, settleVoid } from './void-payment';

export type OperationKind = 'refund' | 'void' | 'credit';

/** Clover does not document how long it keeps keys (the simulator: 24 h); stay well inside. */
export const RESEND_WINDOW_MS = 60 * 60_000;

function row(till: Till, kind: OperationKind, id: number) {
  const r = kind === 'refund' ? till.ledger.refunds.get(id) : kind === 'void' ? till.ledger.voids.get(id) : till.ledger.credits.get(id);
  if (!r) throw new CounterError('NOT_FOUND', `${kind} #${id} does not exist.`);
  return r;
}

function viewOf(till: Till, kind: OperationKind, id: number): OperationView {
  if (kind === 'refund') return refundView(till.ledger, till.ledger.refunds.get(id)!);
  if (kind === 'void') return voidView(till.ledger, till.ledger.voids.get(id)!);
  return creditView(till.ledger.credits.get(id)!);
}

/** Resends an unknown operation under its own key; what Clover still cannot answer stays unknown. */
export async function resolveOperation(till: Till, input: { kind: OperationKind; id: number }): Promise<OperationView> {
  const { kind, id } = input;
  const current = row(till, kind, id);
  // journaled/sent rows may still be on their way in this process: a person forces those.
  if (current.state !== 'unknown' && current.state !== 'resolving') return viewOf(till, kind, id);
  if (till.now() - current.createdAt > RESEND_WINDOW_MS) {
    throw new CounterError('REFUSED', `${kind} #${id} is too old to resend safely: check the Clover dashboard, then force it with a reason.`);
  }
  const ledger = till.ledger;
  try {
    if (kind === 'refund') {
      ledger.refunds.startResolving(id);
      return settleRefund(till, id, await sendRefund(till, ledger.refunds.get(id)!), true).view;
    }
    if (kind === 'void') {
      ledger.voids.startResolving(id);
      return settleVoid(till, id, await sendVoid(till, ledger.voids.get(id)!), true);
    }
    ledger.credits.startResolving(id);
    return settleCredit(till, id, await sendCredit(till, ledger.credits.get(id)!), true);
  } catch (error) {
    if (error instanceof CounterError) throw error;
    const reason = `resend failed: ${(error as Error).message}`.slice(0, 300);
    if (kind === 'refund') ledger.refunds.recordOutcome(id, { result: 'unknown', reason });
    else if (kind === 'void') ledger.voids.recordOutcome(id, { result: 'unknown', reason });
    else ledger.credits.recordOutcome(id, { result: 'unknown', reason });
    return viewOf(till, kind, id);
  }
}

export interface ForceOperationInput {
  kind: OperationKind;
  id: number;
  outcome: 'approved' | 'declined';
  reason: string;
  manager: string;
  /** The refund or credit id found on the Clover dashboard, when forcing to approved. */
  cloverId?: string;
}

/** A person settles an unresolved operation by hand; the ledger requires reason and manager. */
export function forceOperation(till: Till, input: ForceOperationInput): OperationView {
  const current = row(till, input.kind, input.id);
  if (!['journaled', 'sent', 'unknown', 'resolving'].includes(current.state)) throw new CounterError('REFUSED', `${input.kind} #${input.id} is already ${current.state}.`);
  const force = { outcome: input.outcome, reason: input.reason, manager: input.manager };
  if (input.kind === 'refund') till.ledger.refunds.forceResolve(input.id, { ...force, ...(input.cloverId ? { cloverRefundId: input.cloverId } : {}) });
  else if (input.kind === 'void') till.ledger.voids.forceResolve(input.id, force);
  else till.ledger.credits.forceResolve(input.id, { ...force, ...(input.cloverId ? { cloverCreditId: input.cloverId } : {}) });
  if (input.kind !== 'credit') {
    const paymentId = (current as { paymentId: number }).paymentId;
    const sale = till.ledger.sales.get(till.ledger.payments.get(paymentId)!.saleId);
    if (sale) emit(till, sale);
  }
  return viewOf(till, input.kind, input.id);
}

/** Refunds, voids and credits whose outcome is not settled, oldest first. */
export function unresolvedOperations(till: Till): OperationView[] {
  const l = till.ledger;
  return [
    ...l.refunds.unresolved().map((r) => refundView(l, r)),
    ...l.voids.unresolved().map((v) => voidView(l, v)),
    ...l.credits.unresolved().map((c) => creditView(c)),
  ].sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * At start-up (and `counter recover`): an operation left journaled or sent by a process that
 * died is unknown; each unknown one is resent under its own key while Clover remembers it.
 * What stays unknown waits for a person.
 */
export async function resolveAllOperations(till: Till): Promise<OperationView[]> {
  const l = till.ledger;
  const results: OperationView[] = [];
  for (const op of unresolvedOperations(till)) {
    const repo = op.kind === 'refund' ? l.refunds : op.kind === 'void' ? l.voids : l.credits;
    if (op.state === 'journaled' || op.state === 'sent') repo.recordOutcome(op.id, { result: 'unknown', reason: 'the app stopped before Clover answered' }, 'resolver');
    // A credit needs the customer's card on the terminal: never resent unattended.
    if (op.kind === 'credit') {
      results.push(viewOf(till, op.kind, op.id));
      continue;
    }
    try {
      results.push(await resolveOperation(till, { kind: op.kind, id: op.id }));
    } catch (error) {
      if (!(error instanceof CounterError)) throw error;
      results.push(viewOf(till, op.kind, op.id)); // too old to resend: a person decides
    }
  }
  return results;
}
