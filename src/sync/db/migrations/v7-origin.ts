// v7: every money record knows where its money is (issue 12): the Clover environment and
// merchant it was taken on. The till sends to Odoo only records of the (environment, merchant)
// its Odoo is bound to; test money (simulator, sandbox) never reaches a store's real books.
// Records from before v7 have none: they were taken under the till's one configuration.
import { panFree } from './pan-check';

const origin = (table: string) => `
ALTER TABLE ${table} ADD COLUMN clover_env TEXT CHECK (clover_env IN ('simulator','sandbox','production'));
ALTER TABLE ${table} ADD COLUMN merchant_id TEXT CHECK (length(merchant_id) <= 32 AND ${panFree('merchant_id')});`;

export const v7Origin = {
  version: 7,
  name: 'where each record was taken: Clover environment and merchant',
  sql: `${origin('sales')}${origin('payments')}${origin('credits')}`,
};
