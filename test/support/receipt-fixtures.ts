import type { Receipt } from '../../src/till/receipts/receipt-model';

export function sampleReceipt(overrides: Partial<Receipt> = {}): Receipt {
  return {
    kind: 'sale',
    copy: false,
    training: false,
    merchant: { name: 'Fusion Health Supply', address: ['12 Main St', 'Springfield'], phone: '555-0100' },
    document: { type: 'invoice', number: 'INV/2026/00012' },
    lines: [{ description: 'Invoice INV/2026/00012', amount: 12_000 }],
    amount: 12_000,
    surcharge: 360,
    total: 12_360,
    currency: 'USD',
    card: { brand: 'VISA', last4: '4242', entryMode: 'EMV_CONTACT', authCode: '729168' },
    clover: { paymentId: '75MYGBEV8EM3Y', externalPaymentId: 'S7Q2M9X4P1ZC8K3' },
    terminal: 'Front counter',
    cashier: 'Ana',
    saleId: 'S-000042',
    at: new Date('2026-11-28T15:04:05Z'),
    ...overrides,
  };
}
