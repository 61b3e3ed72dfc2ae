// The REST Pay payment object (§3.4) as far as the till needs it; everything else is kept in
// `raw`-free loose objects so unknown fields never break parsing.
import { z } from 'zod';

const cardTransaction = z.looseObject({
  authCode: z.string().optional(),
  cardType: z.string().optional(),
  entryType: z.string().optional(),
  last4: z.string().optional(),
  referenceId: z.string().optional(),
  state: z.string().optional(),
  transactionNo: z.string().optional(),
  type: z.string().optional(),
});

const partialPayment = z.looseObject({
  actualAmount: z.number().int().optional(),
  requestedAmount: z.number().int().optional(),
  description: z.string().optional(),
});

export const paymentSchema = z.looseObject({
  id: z.string().min(1),
  amount: z.number().int(),
  externalPaymentId: z.string().optional(),
  result: z.string().optional(),
  tipAmount: z.number().int().optional(),
  taxAmount: z.number().int().optional(),
  createdTime: z.number().optional(),
  offline: z.boolean().optional(),
  cardTransaction: cardTransaction.optional(),
  issues: z.looseObject({ partialPayment: partialPayment.optional() }).optional(),
});

export type CloverPayment = z.infer<typeof paymentSchema>;

export function parsePayment(value: unknown): CloverPayment | null {
  const parsed = paymentSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** `payment.result` values that mean the money is (or will be) taken. AUTH = approved pre-auth. */
export const APPROVED_RESULTS = new Set(['SUCCESS', 'AUTH', 'AUTH_COMPLETED']);
/** Definitely not taken (declined, or reversed before it settled). */
export const NOT_TAKEN_RESULTS = new Set(['FAIL', 'VOIDED', 'VOIDING']);
