// receipts.send through the contract gate the UI uses: Clover emails or texts the receipt from
// the terminal that took the card. The address reaches Clover in that one request: it is in no
// log line and no file of the data folder. What cannot be sent is refused and nothing is sent.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { lineLogger } from '../../src/shared/logger';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { createCounterHandlers } from '../../src/till/api/counter-handlers';
import { dispatchCall } from '../../src/till/api/dispatch-call';
import { createTill, type Till } from '../../src/till/create-till';
import { KEYED_TERMINAL } from '../../src/till/sales/sale-view';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { syncTerminals } from '../../src/till/terminals';
import { SERIAL, simulatorEnv } from '../support/till-harness';

const EMAIL = 'pat.customer@example.com';
let sim: CloverSimulator;
let till: Till;
let dataDir: string;
const logLines: string[] = [];

beforeAll(async () => {
  sim = await startCloverSimulator({ rateLimit: false });
  dataDir = mkdtempSync(join(tmpdir(), 'till-receipt-send-'));
  till = await createTill({ dataDir, env: simulatorEnv(sim), secrets: new MemorySecretStore(), logger: lineLogger((l) => logLines.push(l), 'debug') });
  await syncTerminals(till);
});
afterAll(async () => {
  await till.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const send = (input: unknown) => dispatchCall(createCounterHandlers(till), 'receipts.send', input);
const sentReceipts = () => sim.control.device(SERIAL).receipts;
const dataFolderText = () => readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath, e.name), 'latin1')).join('\n');

async function approvedTerminalSale(amount: number) {
  sim.control.script(SERIAL, { kind: 'approve' });
  return startTerminalSale(till, { amount, funding: 'credit' });
}

describe('receipts by email or text message', () => {
  it('has Clover email and text the receipt of a terminal sale, from its terminal', async () => {
    const sale = await approvedTerminalSale(1500);
    expect(await send({ saleId: sale.id, to: { method: 'email', email: ` ${EMAIL} ` } })).toEqual({ ok: true, value: { sent: true, method: 'email' } });
    expect(await send({ saleId: sale.id, to: { method: 'sms', phone: '+1 (555) 010-9999' } })).toEqual({ ok: true, value: { sent: true, method: 'sms' } });
    expect(sentReceipts()).toEqual([
      { kind: 'payment', id: sale.cloverPaymentId, method: 'EMAIL' },
      { kind: 'payment', id: sale.cloverPaymentId, method: 'SMS' },
    ]);
    expect(logLines.join('\n')).not.toContain(EMAIL);
    expect(dataFolderText()).not.toContain(EMAIL);
  });

  it('refuses what cannot be sent, and sends nothing', async () => {
    const sale = await approvedTerminalSale(700);
    const before = sentReceipts().length;
    const email = { method: 'email', email: EMAIL };
    expect(await send({ saleId: sale.id, to: { method: 'email', email: 'not an address' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await send({ saleId: sale.id, to: { method: 'fax', number: '5550100' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await send({ saleId: 99_999, to: email })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    sim.control.script(SERIAL, { kind: 'decline' });
    const declined = await startTerminalSale(till, { amount: 800, funding: 'credit' });
    expect(await send({ saleId: declined.id, to: email })).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringMatching(/no card payment/) } });

    // A keyed charge has no terminal for Clover to send from.
    const keyed = till.ledger.sales.journal({ externalPaymentId: 'KRECEIPTTEST0001', idempotencyKey: 'keyed-receipt-1', target: { kind: 'walk_in' }, amount: 900, currency: 'USD', cashier: 'ann', terminalSerial: KEYED_TERMINAL });
    till.ledger.sales.markSent(keyed.id);
    till.ledger.sales.recordOutcome(keyed.id, { result: 'approved', cloverPaymentId: 'KEYEDCHARGE00001', last4: '4242' });
    expect(await send({ saleId: keyed.id, to: email })).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });

    // The terminal busy with the next customer: try again later.
    sim.control.script(SERIAL, { kind: 'hold' });
    const next = startTerminalSale(till, { amount: 1000, funding: 'credit' });
    await expect.poll(() => sim.control.device(SERIAL).operation !== undefined).toBe(true);
    expect(await send({ saleId: sale.id, to: email })).toMatchObject({ ok: false, error: { code: 'TERMINAL_BUSY' } });
    sim.control.act(SERIAL, { kind: 'approve' });
    await next;

    // Clover failing or the connection dropping: said so; the cashier can simply send it again.
    const receiptPath = `/connect/v1/payments/${sale.cloverPaymentId}/receipt`;
    sim.control.fault({ method: 'POST', path: receiptPath, kind: 'status500' });
    expect(await send({ saleId: sale.id, to: email })).toMatchObject({ ok: false, error: { code: 'CLOVER_UNAVAILABLE' } });
    sim.control.fault({ method: 'POST', path: receiptPath, kind: 'drop-before' });
    expect(await send({ saleId: sale.id, to: email })).toMatchObject({ ok: false, error: { code: 'CLOVER_UNAVAILABLE' } });

    expect(sentReceipts()).toHaveLength(before);
    expect(await send({ saleId: sale.id, to: email })).toMatchObject({ ok: true }); // and then it goes
    expect(logLines.join('\n')).not.toContain(EMAIL);
  });
});
