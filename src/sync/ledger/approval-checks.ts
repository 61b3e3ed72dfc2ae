// An approval Clover reports is money that moved: the ledger records it whatever else is wrong
// with the answer, and flags what is wrong for a person (issue 11: no state machine refuses money
// Clover says moved). This turns an answer into clean columns plus the problems it had.
import { fieldsWithPan } from '../pan-guard';

export interface CardDetails {
  cardBrand?: string;
  last4?: string;
  authCode?: string;
}

export interface CleanApproval {
  cardBrand: string | null;
  last4: string | null;
  authCode: string | null;
  /** What settles: total charged and the part of it that is surcharge. */
  total: number;
  surcharge: number;
  /** Approved below the request (whatever the answer called it). */
  partial: boolean;
  problems: string[];
}

const text = (value: unknown, max: number): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null);

/**
 * `requested` = amount + surcharge asked; `approved` = what Clover says it took (undefined:
 * the request). A partial approval shrinks the surcharge in proportion unless given.
 */
export function cleanApproval(
  requested: number,
  requestedSurcharge: number,
  approved: number | undefined,
  card: CardDetails,
  approvedSurcharge?: number,
): CleanApproval {
  const problems: string[] = [];
  let cardBrand = text(card.cardBrand, 32);
  let last4 = typeof card.last4 === 'string' && /^\d{4}$/.test(card.last4) ? card.last4 : null;
  let authCode = text(card.authCode, 32);
  if (fieldsWithPan({ cardBrand, authCode }).length > 0) {
    cardBrand = null;
    authCode = null;
    problems.push('Clover sent card details that look like a card number: they were not kept');
  }
  if (!last4) {
    last4 = null;
    problems.push("Clover's answer did not give the card's last 4 digits");
  }
  let total = approved ?? requested;
  if (!Number.isSafeInteger(total) || total < 1) {
    problems.push(`Clover gave no usable approved amount (${String(approved)}): the requested ${requested} is recorded`);
    total = requested;
  }
  if (total > requested) problems.push(`Clover approved ${total}, more than the ${requested} asked`);
  const partial = total < requested;
  let surcharge = requestedSurcharge;
  if (partial) {
    const given = approvedSurcharge;
    surcharge = given !== undefined && Number.isSafeInteger(given) && given >= 0 && given <= total ? given : Math.floor((requestedSurcharge * total) / requested);
  }
  return { cardBrand, last4, authCode, total, surcharge: Math.min(surcharge, total), partial, problems };
}
