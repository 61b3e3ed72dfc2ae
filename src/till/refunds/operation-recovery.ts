// Settling a refund, void or credit whose outcome is unknown (issue 11):
// - one another process is still waiting on (a held lease) is left alone;
// - one journaled but never sent moved no money: closed as not sent, never sent by itself later
//   (the cashier may have given the money back another way meanwhile);
// - on their own, the till only looks: a void shows on its payment at Clover, a refund in the
//   payment's refund list. Nothing is resent unattended;
// - a person may resend the identical request under its original Idempotency-Key (Clover then
//   answers with the original result, §3.6), while Clover still remembers the key; after that
//   they check the Clover dashboard and force the outcome with a reason.
import { CounterError } from '../../shared/contract/result';
import type { OperationView } from '../../shared/contract/views';
import type { Till } from '../create-till';
import { emit } from '../sales/sale-outcome';
import { claimOrphan, holdingLease, leaseHeld, type LeasedKind } from '../process-lease';
import { lookUpOperation } from './operation-lookup';
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
  if (kind === 'refund') return refundView(till, till.ledger.refunds.get(id)!);
  if (kind === 'void') return voidView(till, till.ledger.voids.get(id)!);
  return creditView(till, till.ledger.credits.get(id)!);
}

const OPEN = ['journaled', 'sent', 'unknown', 'resolving'];

function repo(till: Till, kind: OperationKind) {
  return kind === 'refund' ? till.ledger.refunds : kind === 'void' ? till.ledger.voids : till.ledger.credits;
}

/** Journaled but never sent: no money moved, and it is never sent later by itself. */
function closeNeverSent(till: Till, kind: OperationKind, id: number): void {
  repo(till, kind).recordOutcome(id, { result: 'declined', reason: 'never sent to Clover: no money moved' }, 'resolver');
}

/**
 * A person asks: resend the identical request under its own key; what Clover still cannot
 * answer stays unknown. Refused while another process waits for the answer.
 */
export async function resolveOperation(till: Till, input: { kind: OperationKind; id: number }): Promise<OperationView> {
  const { kind, id } = input;
  const current = row(till, kind, id);
  if (!OPEN.includes(current.state)) return viewOf(till, kind, id);
  if (leaseHeld(till, kind as LeasedKind, current)) throw new CounterError('REFUSED', `${capital(kind)} #${id} is still in progress on ${current.terminalSerial}: wait for its answer.`);
  if (current.state === 'journaled') {
    if (claimOrphan(till, kind, current)) closeNeverSent(till, kind, id);
    return viewOf(till, kind, id);
  }
  if (till.now() - current.createdAt > RESEND_WINDOW_MS) {
    throw new CounterError('REFUSED', `${kind} #${id} is too old to resend safely: check the Clover dashboard, then force it with a reason.`);
  }
  if (!claimOrphan(till, kind, current)) return viewOf(till, kind, id);
  const ledger = till.ledger;
  return holdingLease(till, kind, id, async () => {
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
      repo(till, kind).recordOutcome(id, { result: 'unknown', reason: `resend failed: ${(error as Error).message}`.slice(0, 300) });
      return viewOf(till, kind, id);
    }
  });
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

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
  if (!OPEN.includes(current.state)) throw new CounterError('REFUSED', `${input.kind} #${input.id} is already ${current.state}.`);
  if (leaseHeld(till, input.kind, current)) throw new CounterError('REFUSED', `${capital(input.kind)} #${input.id} is still in progress on ${current.terminalSerial}: wait for its answer.`);
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
    ...l.refunds.unresolved().map((r) => refundView(till, r)),
    ...l.voids.unresolved().map((v) => voidView(till, v)),
    ...l.credits.unresolved().map((c) => creditView(till, c)),
  ].sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * At start-up (and `counter recover`): never-sent ones are closed, orphaned ones are looked up
 * where Clover shows them; nothing is resent unattended. What stays unknown waits for a person.
 * One bad row never stops the others.
 */
export async function resolveAllOperations(till: Till): Promise<OperationView[]> {
  const results: OperationView[] = [];
  for (const op of unresolvedOperations(till)) {
    try {
      const current = row(till, op.kind, op.id);
      if (OPEN.includes(current.state) && claimOrphan(till, op.kind, current)) {
        await holdingLease(till, op.kind, op.id, async () => {
          if (current.state === 'journaled') return closeNeverSent(till, op.kind, op.id);
          if (current.state === 'sent') repo(till, op.kind).recordOutcome(op.id, { result: 'unknown', reason: 'the app stopped before Clover answered' }, 'resolver');
          await lookUpOperation(till, op.kind, op.id);
        });
      }
    } catch (error) {
      till.logger.log('error', 'could not resolve an operation', { kind: op.kind, id: op.id, error: String(error) });
    }
    results.push(viewOf(till, op.kind, op.id));
  }
  return results;
}
