// The fake's in-memory database: the models the counter uses, with the fields Odoo 19 has
// (unknown fields are refused, as Odoo does), many2one values read as [id, name], and an index
// on payment references so "search by key" stays fast with thousands of payments.
import { candidates, type DomainNode, type FieldView, type Leaf, matches, parseDomain } from './domain';
import { FakeOdooFault } from './errors';

type FieldType = 'int' | 'float' | 'char' | 'bool' | 'selection' | 'm2o' | 'x2m';
interface FieldDef {
  type: FieldType;
  relation?: string;
}
export type Rec = Record<string, unknown> & { id: number };

const f = (type: FieldType, relation?: string): FieldDef => ({ type, relation });
const CHAR = f('char');
const FLOAT = f('float');

export const MODELS: Record<string, { fields: Record<string, FieldDef>; display: string }> = {
  'res.company': { display: 'name', fields: { name: CHAR, currency_id: f('m2o', 'res.currency') } },
  'res.users': { display: 'name', fields: { name: CHAR, login: CHAR } },
  'res.currency': { display: 'name', fields: { name: CHAR, decimal_places: f('int'), active: f('bool') } },
  'res.partner': {
    display: 'name',
    fields: { name: CHAR, ref: CHAR, email: CHAR, parent_id: f('m2o', 'res.partner'), commercial_partner_id: f('m2o', 'res.partner'), active: f('bool') },
  },
  'account.account': { display: 'name', fields: { code: CHAR, name: CHAR, account_type: CHAR } },
  'account.journal': {
    display: 'name',
    fields: {
      name: CHAR,
      code: CHAR,
      type: CHAR,
      currency_id: f('m2o', 'res.currency'),
      company_id: f('m2o', 'res.company'),
      inbound_payment_method_line_ids: f('x2m', 'account.payment.method.line'),
      outbound_payment_method_line_ids: f('x2m', 'account.payment.method.line'),
    },
  },
  'account.payment.method.line': {
    display: 'name',
    // payment_account_id: the line's outstanding account (none set on the seeded lines).
    fields: { name: CHAR, payment_type: CHAR, journal_id: f('m2o', 'account.journal'), payment_account_id: f('m2o', 'account.account') },
  },
  'account.move': {
    display: 'name',
    fields: {
      name: CHAR,
      move_type: CHAR,
      state: CHAR,
      partner_id: f('m2o', 'res.partner'),
      commercial_partner_id: f('m2o', 'res.partner'),
      invoice_date: CHAR,
      invoice_date_due: CHAR,
      amount_total: FLOAT,
      amount_residual: FLOAT,
      amount_residual_signed: FLOAT,
      currency_id: f('m2o', 'res.currency'),
      payment_state: CHAR,
      invoice_origin: CHAR,
      ref: CHAR,
      payment_reference: CHAR,
      company_id: f('m2o', 'res.company'),
      matched_payment_ids: f('x2m', 'account.payment'),
    },
  },
  'sale.order': {
    display: 'name',
    fields: {
      name: CHAR,
      state: CHAR,
      partner_id: f('m2o', 'res.partner'),
      date_order: CHAR,
      amount_total: FLOAT,
      amount_paid: FLOAT,
      currency_id: f('m2o', 'res.currency'),
      invoice_status: CHAR,
      invoice_ids: f('x2m', 'account.move'),
      transaction_ids: f('x2m', 'payment.transaction'),
      client_order_ref: CHAR,
    },
  },
  'account.payment': {
    display: 'name',
    fields: {
      name: CHAR,
      payment_type: CHAR,
      partner_type: CHAR,
      partner_id: f('m2o', 'res.partner'),
      amount: FLOAT,
      currency_id: f('m2o', 'res.currency'),
      journal_id: f('m2o', 'account.journal'),
      payment_method_line_id: f('m2o', 'account.payment.method.line'),
      date: CHAR,
      memo: CHAR,
      payment_reference: CHAR,
      state: CHAR,
      invoice_ids: f('x2m', 'account.move'),
      destination_account_id: f('m2o', 'account.account'),
      move_id: f('m2o', 'account.move'),
      is_reconciled: f('bool'),
      is_matched: f('bool'),
    },
  },
  'account.payment.register': {
    display: 'id',
    fields: {
      payment_date: CHAR,
      amount: FLOAT,
      journal_id: f('m2o', 'account.journal'),
      payment_method_line_id: f('m2o', 'account.payment.method.line'),
      communication: CHAR,
      payment_difference_handling: CHAR,
      writeoff_account_id: f('m2o', 'account.account'),
      writeoff_label: CHAR,
      group_payment: f('bool'),
      line_ids: f('x2m', 'account.move'),
    },
  },
};

export const round2 = (x: number): number => Math.round(x * 100) / 100;

export class FakeOdooData {
  private readonly tables = new Map<string, Map<number, Rec>>();
  private readonly nextIds = new Map<string, number>();
  private readonly byReference = new Map<string, Set<number>>();
  private readonly byMemoKey = new Map<string, Set<number>>();

  model(name: string): { fields: Record<string, FieldDef>; display: string } {
    const m = MODELS[name];
    if (!m) throw FakeOdooFault.notFound(`Model ${name} not found`);
    return m;
  }

  table(model: string): Map<number, Rec> {
    this.model(model);
    let t = this.tables.get(model);
    if (!t) {
      t = new Map();
      this.tables.set(model, t);
    }
    return t;
  }

  checkFields(model: string, names: Iterable<string>): void {
    const { fields } = this.model(model);
    for (const n of names) {
      if (n !== 'id' && n !== 'display_name' && !(n in fields)) throw FakeOdooFault.validation(`Invalid field '${n}' on model '${model}'`);
    }
  }

  insert(model: string, vals: Record<string, unknown>): number {
    this.checkFields(model, Object.keys(vals));
    const id = (this.nextIds.get(model) ?? 1) as number;
    this.nextIds.set(model, id + 1);
    const rec: Rec = { ...vals, id };
    this.table(model).set(id, rec);
    if (model === 'account.payment') this.index(rec);
    return id;
  }

  get(model: string, id: number): Rec | undefined {
    return this.table(model).get(id);
  }

  mustGet(model: string, ids: number[]): Rec[] {
    const missing = ids.filter((id) => !this.table(model).has(id));
    if (missing.length) throw FakeOdooFault.missing(model, missing);
    return ids.map((id) => this.table(model).get(id)!);
  }

  update(model: string, id: number, vals: Record<string, unknown>): void {
    this.checkFields(model, Object.keys(vals));
    const rec = this.mustGet(model, [id])[0]!;
    if (model === 'account.payment') this.unindex(rec);
    Object.assign(rec, vals);
    if (model === 'account.payment') this.index(rec);
  }

  private static memoKey(memo: unknown): string | null {
    return typeof memo === 'string' && memo.includes(' ') ? memo.slice(0, memo.indexOf(' ')) : typeof memo === 'string' ? memo : null;
  }

  private index(rec: Rec): void {
    const add = (map: Map<string, Set<number>>, key: unknown) => {
      if (typeof key !== 'string' || !key) return;
      let s = map.get(key);
      if (!s) map.set(key, (s = new Set()));
      s.add(rec.id);
    };
    add(this.byReference, rec.payment_reference);
    add(this.byMemoKey, FakeOdooData.memoKey(rec.memo));
  }

  private unindex(rec: Rec): void {
    if (typeof rec.payment_reference === 'string') this.byReference.get(rec.payment_reference)?.delete(rec.id);
    const k = FakeOdooData.memoKey(rec.memo);
    if (k) this.byMemoKey.get(k)?.delete(rec.id);
  }

  private lookup(model: string) {
    return (leaf: Leaf): Set<number> | null => {
      if (model !== 'account.payment') return null;
      if (leaf.field === 'payment_reference' && leaf.operator === '=' && typeof leaf.value === 'string') return this.byReference.get(leaf.value) ?? new Set();
      if (leaf.field === 'memo' && leaf.operator === '=like' && typeof leaf.value === 'string' && /^[^%_ ]+ %$/.test(leaf.value)) {
        return this.byMemoKey.get(leaf.value.slice(0, -2)) ?? new Set();
      }
      return null;
    };
  }

  private view(model: string, rec: Rec): FieldView {
    const { fields } = this.model(model);
    return {
      value: (field) => {
        if (field === 'id') return rec.id;
        if (!(field in fields)) throw FakeOdooFault.validation(`Invalid field ${model}.${field} in leaf`);
        return rec[field] ?? false;
      },
      display: (field) => {
        const def = fields[field];
        if (def?.type !== 'm2o' || typeof rec[field] !== 'number') return null;
        return this.displayName(def.relation!, rec[field] as number);
      },
      isChildOf: (field, id) => {
        let current = rec[field];
        for (let depth = 0; typeof current === 'number' && depth < 10; depth++) {
          if (current === id) return true;
          current = this.get('res.partner', current)?.parent_id;
        }
        return false;
      },
    };
  }

  displayName(model: string, id: number): string {
    const rec = this.get(model, id);
    if (!rec) return '';
    const m = this.model(model);
    if (model === 'res.partner' && typeof rec.parent_id === 'number') return `${this.displayName(model, rec.parent_id)}, ${String(rec.name)}`;
    return String(rec[m.display] ?? rec.id);
  }

  search(model: string, domain: unknown, opts: { offset?: number; limit?: number; order?: string } = {}): number[] {
    const node: DomainNode = parseDomain(domain);
    const table = this.table(model);
    const ids = candidates(node, this.lookup(model));
    const pool = ids ? [...ids].map((id) => table.get(id)).filter((r): r is Rec => !!r) : [...table.values()];
    const found = pool.filter((rec) => matches(node, this.view(model, rec)));
    found.sort(this.comparator(model, opts.order ?? 'id asc'));
    const start = opts.offset ?? 0;
    return found.slice(start, opts.limit ? start + opts.limit : undefined).map((r) => r.id);
  }

  private comparator(model: string, order: string): (a: Rec, b: Rec) => number {
    const keys = order.split(',').map((part) => {
      const [field = 'id', dir = 'asc'] = part.trim().split(/\s+/);
      this.checkFields(model, [field]);
      return { field, sign: dir.toLowerCase() === 'desc' ? -1 : 1 };
    });
    return (a, b) => {
      for (const { field, sign } of keys) {
        const x = a[field] ?? '';
        const y = b[field] ?? '';
        if (x < y) return -sign;
        if (x > y) return sign;
      }
      return 0;
    };
  }

  read(model: string, ids: number[], fields?: string[]): Record<string, unknown>[] {
    const m = this.model(model);
    const names = fields && fields.length ? fields : Object.keys(m.fields);
    this.checkFields(model, names);
    // A real 19.0 server answers `read` of an id that does not exist with 200 [] (odoo-erp.md §12a).
    const table = this.table(model);
    return ids.flatMap((id) => table.get(id) ?? []).map((rec) => {
      const out: Record<string, unknown> = { id: rec.id };
      for (const n of names) {
        if (n === 'id') continue;
        if (n === 'display_name') {
          out[n] = this.displayName(model, rec.id);
          continue;
        }
        const def = m.fields[n]!;
        const v = rec[n];
        if (def.type === 'm2o') out[n] = typeof v === 'number' ? [v, this.displayName(def.relation!, v)] : false;
        else if (def.type === 'x2m') out[n] = Array.isArray(v) ? [...v] : [];
        else out[n] = v ?? false;
      }
      return out;
    });
  }

  all(model: string): Rec[] {
    return [...this.table(model).values()];
  }
}
