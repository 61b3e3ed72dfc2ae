// One currency from Clover to Odoo (issue 12): the merchant's currency (Clover), the till's
// (learned from Clover) and the Clover journal's in Odoo must be the same, or every sale is
// refused at the invoice or the queue stops at the first delivery. A mismatch is a doctor
// failure that names the exact fix.
import type { Till } from '../create-till';

export interface CurrencyCheck {
  ok: boolean;
  detail: string;
}

export async function checkCurrencies(till: Till, cloverCurrency: string): Promise<CurrencyCheck> {
  const tillCurrency = till.settings().currency;
  if (tillCurrency !== cloverCurrency) {
    return {
      ok: false,
      detail: `the till records in ${tillCurrency} but the Clover merchant takes ${cloverCurrency}. Fix: deliver or settle what is waiting for Odoo, then run \`counter doctor\` again (it takes the currency from Clover), or \`counter settings set currency ${cloverCurrency}\` with the manager PIN`,
    };
  }
  if (!till.erp) return { ok: true, detail: `${cloverCurrency} (Clover); Odoo not configured` };
  const setup = await till.erp.setup();
  const journal = till.config.odoo?.journalName ?? 'Clover';
  if (setup.currency && setup.currency !== cloverCurrency) {
    return {
      ok: false,
      detail: `Clover takes ${cloverCurrency} but Odoo's "${journal}" journal books in ${setup.currency}. Fix in Odoo: Accounting → Configuration → Journals → ${journal} → Currency: ${cloverCurrency} (activate ${cloverCurrency} under Settings → Currencies first if needed); or connect this till to the Clover merchant that takes ${setup.currency}`,
    };
  }
  const active = await till.erp.currencyActive(cloverCurrency);
  if (!active) return { ok: false, detail: `Odoo has ${cloverCurrency} inactive. Fix in Odoo: Accounting → Settings → Currencies → activate ${cloverCurrency}` };
  return { ok: true, detail: `${cloverCurrency} at Clover, in the till and in Odoo's "${journal}" journal` };
}
