// Read side of the payments that money actually moved for (written by sales.ts).
import type { Payment } from '../../shared/domain';
import type { LedgerContext } from './context';
import { type PaymentRow, toPayment } from './rows';

export function createPaymentsRepo(ctx: LedgerContext) {
  const { db } = ctx;
  return {
    get(id: number): Payment | undefined {
      const row = db.get<PaymentRow>('SELECT * FROM payments WHERE id = ?', [id]);
      return row && toPayment(row);
    },
    bySale(saleId: number): Payment | undefined {
      const row = db.get<PaymentRow>('SELECT * FROM payments WHERE id = ?', [saleId]); // a payment shares its sale's id
      return row && toPayment(row);
    },
    byCloverPaymentId(cloverPaymentId: string): Payment | undefined {
      const row = db.get<PaymentRow>('SELECT * FROM payments WHERE clover_payment_id = ?', [cloverPaymentId]);
      return row && toPayment(row);
    },
    list(options: { since?: number; limit?: number; training?: boolean } = {}): Payment[] {
      return db
        .all<PaymentRow>('SELECT * FROM payments WHERE created_at >= ? AND training = ? ORDER BY id DESC LIMIT ?', [
          options.since ?? 0,
          options.training ? 1 : 0,
          options.limit ?? 100,
        ])
        .map(toPayment);
    },
  };
}

export type PaymentsRepo = ReturnType<typeof createPaymentsRepo>;
