// The two message tables stay in step: same keys, same {placeholders}, nothing empty, and the
// accessible names the tests (and screen-reader users) rely on.
import { describe, expect, it } from 'vitest';
import { en } from '../../src/renderer/i18n/en';
import { frCA } from '../../src/renderer/i18n/fr-CA';
import { LANGUAGES, placeholders, TABLES, translate } from '../../src/renderer/i18n/translate';

describe('renderer message tables', () => {
  it('have the same keys in English and French (Canada)', () => {
    expect(Object.keys(frCA).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(frCA[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('have no empty message', () => {
    for (const lang of LANGUAGES) for (const [key, text] of Object.entries(TABLES[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
  });

  it('name the main controls as the issue asks, in both languages', () => {
    expect([en['sale.amount'], en['sale.pay'], en['outcome.cancel'], en['detail.refund'], en['detail.void'], en['receipt.print']]).toEqual([
      'Amount', 'Pay on terminal', 'Cancel', 'Refund', 'Void', 'Print receipt',
    ]);
    expect([frCA['sale.amount'], frCA['sale.pay'], frCA['outcome.cancel'], frCA['detail.refund'], frCA['detail.void'], frCA['receipt.print']]).toEqual([
      'Montant', 'Payer sur le terminal', 'Annuler', 'Rembourser', 'Annuler la vente', 'Imprimer le reçu',
    ]);
  });

  it('keeps "Amount" unique among labels, so a label lookup finds one field', () => {
    const containing = Object.entries(en).filter(([k, v]) => /amount/i.test(v) && (k.startsWith('sale.keypad') || k === 'sale.amount'));
    expect(containing.map(([k]) => k)).toEqual(['sale.amount']);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'outcome.remainder', { amount: '$5.00' })).toBe('Still due: $5.00');
    expect(translate('fr-CA', 'outcome.saleNumber', { id: 7 })).toBe('Vente no 7');
    expect(translate('en', 'outcome.remainder')).toBe('Still due: {amount}');
  });
});
