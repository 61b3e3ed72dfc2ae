import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lineLogger } from '../../src/shared/logger';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { createTill } from '../../src/till/create-till';
import { startKeyedSale, type KeyedCardInput } from '../../src/till/keyed/keyed-sale';
import { resolveSale } from '../../src/till/sales/sale-recovery';
import { syncTerminals } from '../../src/till/terminals';
import { startClockedTillHarness, type ClockedTillHarness } from '../support/till-harness-clock';

const APPROVE = '4242424242424242';
const DECLINE = '4005571702222222';
const BAD_LUHN = '4242424242424241';
const CARDS = [APPROVE, DECLINE, BAD_LUHN];
const year = new Date().getFullYear() + 2;
const card = (number: string): KeyedCardInput => ({ number, expMonth: 12, expYear: year, cvv: '123' });

let h: ClockedTillHarness;
beforeEach(async () => {
  h = await startClockedTillHarness();
  h.till.updateSettings((s) => void (s.clover.keyedEntry = 'app'));
});
afterEach(async () => h.close());

const charges = () => h.sim.control.payments().filter((p) => p.kind === 'charge');
const requestCount = () => h.sim.control.requests().length;

describe('keyed sale', () => {
  it('is refused unless keyed entry in the app is allowed (keying on the terminal is preferred)', async () => {
    h.till.updateSettings((s) => void (s.clover.keyedEntry = 'terminal'));
    const before = requestCount();
    await expect(startKeyedSale(h.till, { amount: 1000, card: card(APPROVE) })).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/key the card on the terminal/) });
    expect(requestCount()).toBe(before);
    expect(h.till.ledger.sales.list()).toHaveLength(0);
  });

  it('approves 4242…: charge id as the Clover payment id, brand and last 4 only, surcharge by brand', async () => {
    h.till.updateSettings((s) => void (s.surcharge = { enabled: true, ratesBps: { VISA: 300 }, defaultRateBps: 100 }));
    const input = card(APPROVE);
    const sale = await startKeyedSale(h.till, { amount: 1000, card: input });
    expect(sale).toMatchObject({ state: 'approved', moneyMoved: 'yes', entry: 'keyed', terminalSerial: 'KEYED', cardBrand: 'VISA', cardLast4: '4242', amount: 1000, surcharge: 30, total: 1030 });
    expect(charges()).toEqual([expect.objectContaining({ id: sale.cloverPaymentId, amount: 1030, result: 'SUCCESS' })]);
    // The caller's references to the number and CVV are dropped.
    expect(input).toMatchObject({ number: '', cvv: '' });
    expect(JSON.stringify(sale)).not.toContain(APPROVE);
  });

  it('maps a 402 decline (4005 5717 0222 2222) to declined: no money', async () => {
    const sale = await startKeyedSale(h.till, { amount: 1000, card: card(DECLINE) });
    expect(sale).toMatchObject({ state: 'declined', moneyMoved: 'no' });
    expect(h.till.ledger.outbox.list()).toHaveLength(0);
  });

  it('refuses a bad check digit with BAD_INPUT: no request to Clover, nothing in the ledger', async () => {
    const before = requestCount();
    const err = await startKeyedSale(h.till, { amount: 1000, card: card(BAD_LUHN) }).catch((e) => e);
    expect(err).toMatchObject({ code: 'BAD_INPUT' });
    expect(err.message).not.toContain(BAD_LUHN);
    expect(requestCount()).toBe(before);
    expect(h.till.ledger.sales.list()).toHaveLength(0);
  });

  it('a charge whose answer was lost is found by the attempt id it carries, and recorded once', async () => {
    h.sim.control.fault({ method: 'POST', path: '/v1/charges', host: 'ecommerce', kind: 'drop-after-complete' });
    const sale = await startKeyedSale(h.till, { amount: 1200, card: card(APPROVE) });
    expect(sale).toMatchObject({ state: 'approved', moneyMoved: 'yes', cardLast4: '4242' });
    expect(charges()).toHaveLength(1);
    expect(sale.cloverPaymentId).toBe(charges()[0]!.id);
  });

  it('when Clover cannot be asked either, the keyed sale stays unknown and blocks keying the same amount again', async () => {
    h.sim.control.fault({ method: 'POST', path: '/v1/charges', host: 'ecommerce', kind: 'drop-after-complete' });
    h.sim.control.fault({ method: 'GET', path: '/v1/charges', host: 'ecommerce', kind: 'status500', times: 10 });
    const sale = await startKeyedSale(h.till, { amount: 1300, card: card(APPROVE) });
    expect(sale).toMatchObject({ state: 'unknown', moneyMoved: 'unknown' });
    await expect(startKeyedSale(h.till, { amount: 1300, card: card(APPROVE) })).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('same amount') });
    expect(charges()).toHaveLength(1);
    h.sim.control.clearFaults();
    expect(await resolveSale(h.till, sale.id)).toMatchObject({ state: 'approved', moneyMoved: 'yes' });
  });

  it('leaves the card number nowhere: not in any data-folder file (WAL included), not in any log line', async () => {
    await startKeyedSale(h.till, { amount: 1000, card: card(APPROVE) });
    await startKeyedSale(h.till, { amount: 1000, card: card(DECLINE) });
    await startKeyedSale(h.till, { amount: 1000, card: card(BAD_LUHN) }).catch(() => undefined);
    h.sim.control.fault({ method: 'POST', path: '/v1/charges', host: 'ecommerce', kind: 'status500' });
    await startKeyedSale(h.till, { amount: 1000, card: card(APPROVE) });
    h.sim.control.fault({ method: 'POST', path: '/v1/tokens', host: 'token', kind: 'status500' });
    await startKeyedSale(h.till, { amount: 1000, card: card(APPROVE) }).catch(() => undefined);

    const files = filesUnder(h.dataDir);
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    expectNoCardIn(files);
    expect(h.logLines.length).toBeGreaterThan(0);
    for (const pan of CARDS) expect(h.logLines.join('\n')).not.toContain(pan);
    await h.till.close(); // checkpoint the WAL into the main file, then look again
    expectNoCardIn(filesUnder(h.dataDir));
    h.till = await createTill({ dataDir: h.dataDir, env: h.env, secrets: h.secrets });
  });
});

describe('keyed sale in training mode', () => {
  it('runs on the built-in simulator and is recorded as training', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'till-training-'));
    const lines: string[] = [];
    const till = await createTill({ dataDir, env: { COUNTER_TRAINING: '1', COUNTER_CASHIER: 'trainee' }, secrets: new MemorySecretStore(), logger: lineLogger((l) => lines.push(l), 'debug') });
    try {
      await syncTerminals(till);
      till.updateSettings((s) => void (s.clover.keyedEntry = 'app'));
      const sale = await startKeyedSale(till, { amount: 700, card: card(APPROVE) });
      expect(sale).toMatchObject({ state: 'approved', training: true, entry: 'keyed' });
      expect(till.ledger.outbox.list()).toHaveLength(0); // training is never synced
      expectNoCardIn(filesUnder(dataDir));
      expect(lines.join('\n')).not.toContain(APPROVE);
    } finally {
      await till.close();
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function expectNoCardIn(files: string[]): void {
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const pan of CARDS) {
      const grouped = pan.replace(/(\d{4})(?=\d)/g, '$1 ');
      for (const form of [pan, grouped]) {
        expect(bytes.includes(Buffer.from(form, 'latin1')), `${form} in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(form, 'utf16le')), `${form} (UTF-16) in ${file}`).toBe(false);
      }
    }
  }
}
