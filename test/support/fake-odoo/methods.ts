// Odoo semantics of the methods the counter calls: generic ORM reads, the register-payment
// wizard (invoice residual and payment_state change when paid; 422 "nothing left to pay"),
// account.payment create/post/cancel, with Odoo's argument checks (unknown kwarg or ids given
// to a model-level method -> 422, unknown method -> 404, no create rights -> 403).
//
// Edition (odoo-erp.md §12a): Community always gives a posted payment a journal entry (the
// company's Outstanding Receipts when the method line has no account), so a wizard payment is
// reconciled and the residual drops at once. Enterprise Accounting skips that fallback: with no
// outstanding account the payment has no entry, stays in_process matched to the invoice, the
// residual stays, and the invoice reads in_payment until the bank statement is matched.
import { type FakeOdooData, type Rec, round2 } from './data';
import { FakeOdooFault } from './errors';

type Args = Record<string, unknown>;
interface Method {
  /** Keyword arguments the Python method accepts (besides ids and context). */
  kwargs: string[];
  /** @api.model: must be called without ids. */
  modelLevel: boolean;
  run(model: string, args: Args, ids: number[], context: Args): unknown;
}

const NOTHING_LEFT = "You can't register a payment because there is nothing left to pay on the selected journal items.";
const WRITABLE = new Set(['account.payment', 'account.payment.register']);

export type OdooEdition = 'community' | 'enterprise';

export function createDispatcher(data: FakeOdooData, edition: OdooEdition = 'community') {
  /** payment id -> how much of which invoice it settled (undone on cancel). */
  const allocations = new Map<number, Array<{ moveId: number; amount: number }>>();
  let paymentSeq = 0;

  /** Matched payments with no journal entry, still in process: Odoo reads the invoice as in_payment. */
  const waitingForBank = (move: Rec): boolean =>
    ((move.matched_payment_ids as number[] | undefined) ?? []).some((id) => {
      const p = data.get('account.payment', id);
      return !!p && !p.move_id && p.state === 'in_process';
    });

  const refreshInvoice = (move: Rec) => {
    const residual = round2(move.amount_residual as number);
    const total = move.amount_total as number;
    data.update('account.move', move.id, {
      amount_residual: residual,
      amount_residual_signed: residual,
      payment_state: residual <= 0 || waitingForBank(move) ? 'in_payment' : residual < total ? 'partial' : 'not_paid',
    });
  };

  /** Lowers the invoice by what the payment settles (at most its residual) and remembers it for a cancel. */
  const allocate = (paymentId: number, move: Rec, amount: number, reconcileAll = false): number => {
    const residual = move.amount_residual as number;
    const applied = reconcileAll ? residual : Math.min(amount, residual);
    allocations.set(paymentId, [...(allocations.get(paymentId) ?? []), { moveId: move.id, amount: applied }]);
    data.update('account.move', move.id, { amount_residual: round2(residual - applied) });
    refreshInvoice(data.get('account.move', move.id)!);
    return applied;
  };

  const hasJournalEntry = (p: Rec): boolean => {
    if (edition === 'community') return true;
    const line = data.get('account.payment.method.line', p.payment_method_line_id as number);
    return typeof line?.payment_account_id === 'number';
  };

  const checkMethodLine = (journalId: unknown, lineId: unknown, paymentType: string) => {
    const journal = typeof journalId === 'number' ? data.get('account.journal', journalId) : undefined;
    if (!journal) throw FakeOdooFault.validation('A payment must have a journal.');
    const line = typeof lineId === 'number' ? data.get('account.payment.method.line', lineId) : undefined;
    if (!line || line.journal_id !== journal.id || line.payment_type !== paymentType) {
      throw FakeOdooFault.validation('The selected payment method is not available for this payment, please select the payment method again.');
    }
    return journal;
  };

  const createPayment = (vals: Args): number => {
    const paymentType = vals.payment_type;
    if (paymentType !== 'inbound' && paymentType !== 'outbound') throw FakeOdooFault.validation('payment_type must be inbound or outbound');
    const amount = typeof vals.amount === 'number' ? vals.amount : 0;
    if (amount < 0) throw FakeOdooFault.validation('The payment amount cannot be negative.');
    checkMethodLine(vals.journal_id, vals.payment_method_line_id, paymentType);
    if (vals.partner_id !== undefined && vals.partner_id !== false) data.mustGet('res.partner', [vals.partner_id as number]);
    if (vals.currency_id !== undefined) data.mustGet('res.currency', [vals.currency_id as number]);
    if (vals.destination_account_id) data.mustGet('account.account', [vals.destination_account_id as number]);
    return data.insert('account.payment', {
      partner_type: 'customer',
      currency_id: 1,
      date: new Date().toISOString().slice(0, 10),
      memo: false,
      payment_reference: false,
      invoice_ids: [],
      ...vals,
      amount: round2(amount),
      state: 'draft',
      name: '/',
      move_id: false,
      is_reconciled: false,
      is_matched: false,
    });
  };

  const post = (p: Rec) => {
    if (p.state !== 'draft') throw FakeOdooFault.user('Only a draft payment can be posted.');
    const journal = data.get('account.journal', p.journal_id as number);
    const name = p.name !== '/' ? p.name : `P${String(journal?.code ?? 'BNK')}/2026/${String(++paymentSeq).padStart(5, '0')}`;
    const moveId =
      p.move_id || (hasJournalEntry(p) ? data.insert('account.move', { name, move_type: 'entry', state: 'posted', partner_id: p.partner_id || false, currency_id: p.currency_id, company_id: 1 }) : false);
    data.update('account.payment', p.id, { state: 'in_process', name, move_id: moveId });
  };

  const wizardMoves = (context: Args): Rec[] => {
    if (context.active_model !== 'account.move') throw FakeOdooFault.user('The register payment wizard should only be called on account.move or account.move.line records.');
    const ids = Array.isArray(context.active_ids) ? (context.active_ids as number[]) : [];
    if (ids.length === 0) throw FakeOdooFault.user('Nothing to pay: no journal entry was selected.');
    const moves = data.mustGet('account.move', ids);
    for (const m of moves) {
      if (m.state !== 'posted') throw FakeOdooFault.user('You can only register payment for posted journal entries.');
      if ((m.amount_residual as number) <= 0) throw FakeOdooFault.user(NOTHING_LEFT);
    }
    return moves;
  };

  const generic: Record<string, Method> = {
    search_read: {
      kwargs: ['domain', 'fields', 'offset', 'limit', 'order', 'load'],
      modelLevel: true,
      run: (model, a) => data.read(model, data.search(model, a.domain, a as never), a.fields as string[] | undefined),
    },
    search: { kwargs: ['domain', 'offset', 'limit', 'order'], modelLevel: true, run: (model, a) => data.search(model, a.domain, a as never) },
    search_count: { kwargs: ['domain', 'limit'], modelLevel: true, run: (model, a) => data.search(model, a.domain, { limit: a.limit as number }).length },
    read: { kwargs: ['fields', 'load'], modelLevel: false, run: (model, a, ids) => data.read(model, ids, a.fields as string[] | undefined) },
    create: {
      kwargs: ['vals_list'],
      modelLevel: true,
      run: (model, a) => {
        if (!WRITABLE.has(model)) throw new FakeOdooFault(403, 'odoo.exceptions.AccessError', `You are not allowed to create '${model}' records.`);
        if (!Array.isArray(a.vals_list)) throw FakeOdooFault.badArguments("create() missing 1 required keyword argument: 'vals_list'");
        return (a.vals_list as Args[]).map((vals) => data.insert(model, vals));
      },
    },
  };

  const specific: Record<string, Record<string, Method>> = {
    'res.users': { context_get: { kwargs: [], modelLevel: true, run: () => ({ lang: 'en_US', tz: 'UTC', uid: 2 }) } },
    'account.payment': {
      create: { kwargs: ['vals_list'], modelLevel: true, run: (_m, a) => (a.vals_list as Args[]).map(createPayment) },
      action_post: { kwargs: [], modelLevel: false, run: (_m, _a, ids) => (data.mustGet('account.payment', ids).forEach(post), true) },
      action_draft: {
        kwargs: [],
        modelLevel: false,
        run: (_m, _a, ids) => (data.mustGet('account.payment', ids).forEach((p) => data.update('account.payment', p.id, { state: 'draft' })), true),
      },
      action_cancel: {
        kwargs: [],
        modelLevel: false,
        run: (_m, _a, ids) => {
          for (const p of data.mustGet('account.payment', ids)) {
            if (p.state === 'canceled') continue;
            for (const { moveId, amount } of allocations.get(p.id) ?? []) {
              const move = data.get('account.move', moveId)!;
              data.update('account.move', moveId, { amount_residual: round2((move.amount_residual as number) + amount) });
            }
            allocations.delete(p.id);
            data.update('account.payment', p.id, { state: 'canceled', is_reconciled: false });
            for (const moveId of (p.invoice_ids as number[] | undefined) ?? []) refreshInvoice(data.get('account.move', moveId)!);
          }
          return true;
        },
      },
    },
    'account.payment.register': {
      create: {
        kwargs: ['vals_list'],
        modelLevel: true,
        run: (_m, a, _ids, context) => {
          const moves = wizardMoves(context);
          return (a.vals_list as Args[]).map((vals) => {
            checkMethodLine(vals.journal_id, vals.payment_method_line_id, 'inbound');
            const due = round2(moves.reduce((s, m) => s + (m.amount_residual as number), 0));
            return data.insert('account.payment.register', { amount: due, payment_difference_handling: 'open', ...vals, line_ids: moves.map((m) => m.id) });
          });
        },
      },
      action_create_payments: {
        kwargs: [],
        modelLevel: false,
        run: (_m, _a, ids, context) => {
          const [wizard] = data.mustGet('account.payment.register', ids);
          const moves = wizardMoves({ active_model: 'account.move', active_ids: wizard!.line_ids, ...context });
          const move = moves[0]!;
          const amount = wizard!.amount as number;
          const pid = createPayment({
            payment_type: 'inbound',
            partner_id: move.commercial_partner_id,
            amount,
            currency_id: move.currency_id,
            journal_id: wizard!.journal_id,
            payment_method_line_id: wizard!.payment_method_line_id,
            date: wizard!.payment_date,
            memo: wizard!.communication ?? false,
            invoice_ids: [move.id],
          });
          post(data.get('account.payment', pid)!);
          data.update('account.move', move.id, { matched_payment_ids: [...((move.matched_payment_ids as number[] | undefined) ?? []), pid] });
          if (data.get('account.payment', pid)!.move_id) {
            // Its journal entry is reconciled with the invoice: the residual drops now.
            const applied = allocate(pid, move, amount, wizard!.payment_difference_handling === 'reconcile');
            data.update('account.payment', pid, { is_reconciled: round2(applied) >= round2(amount) });
          } else {
            refreshInvoice(data.get('account.move', move.id)!);
          }
          if (context.dont_redirect_to_payments) return true;
          return { name: 'Payments', type: 'ir.actions.act_window', res_model: 'account.payment', context: { create: false }, view_mode: 'form', res_id: pid };
        },
      },
    },
  };

  /**
   * The bank statement line for a payment is matched (not a JSON-2 call the counter makes): a
   * payment without a journal entry now settles its invoices, and the payment is paid.
   */
  const matchWithBank = (paymentId: number): void => {
    const [p] = data.mustGet('account.payment', [paymentId]);
    if (p!.state !== 'in_process') throw FakeOdooFault.user('Only a payment in process can be matched with the bank.');
    data.update('account.payment', p!.id, { state: 'paid', is_matched: true });
    for (const moveId of p!.move_id ? [] : ((p!.invoice_ids as number[] | undefined) ?? [])) allocate(p!.id, data.get('account.move', moveId)!, p!.amount as number);
  };

  /** Runs model.method with a JSON-2 body; throws FakeOdooFault as Odoo's dispatcher would answer. */
  function dispatch(model: string, method: string, body: Args): unknown {
    data.model(model); // unknown model -> 404
    if (method.startsWith('_')) throw new FakeOdooFault(403, 'odoo.exceptions.AccessError', `Private methods (such as ${model}.${method}) cannot be called remotely.`);
    const m = specific[model]?.[method] ?? generic[method];
    if (!m) throw FakeOdooFault.notFound(`The method ${model}.${method} does not exist`);
    const { ids, context, ...rest } = body;
    for (const k of Object.keys(rest)) {
      if (!m.kwargs.includes(k)) throw FakeOdooFault.badArguments(`${method}() got an unexpected keyword argument '${k}'`);
    }
    if (m.modelLevel && ids !== undefined) throw FakeOdooFault.badArguments(`cannot call ${model}.${method} with ids`);
    const idList = Array.isArray(ids) ? (ids as number[]) : [];
    return m.run(model, rest, idList, (context as Args | undefined) ?? {});
  }
  return Object.assign(dispatch, { matchWithBank });
}
