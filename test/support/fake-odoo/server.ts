// A fake Odoo 19 speaking JSON-2 over real HTTP (node:http), with fault switches (status
// codes, latency, commit-then-drop-the-response) and an inspection API. Start it in-process
// with startFakeOdoo(), or standalone with cli.ts (then control it over /__fake/*).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeOdooData, type Rec } from './data';
import { FakeOdooFault } from './errors';
import { createDispatcher, type OdooEdition } from './methods';
import { seed } from './seed';

export interface FakeOdooOptions {
  port?: number;
  host?: string;
  /** Valid API keys (default ['test-key']). */
  apiKeys?: string[];
  /** When set, an X-Odoo-Database header must name this database. */
  database?: string | null;
  /** Added before every JSON-2 call is processed. */
  latencyMs?: number;
  /** 'object' (19.0 dispatcher) or 'string' (later json2.py variant). */
  errorShape?: 'object' | 'string';
  /** Load the default store data (default true). */
  seed?: boolean;
  /** Serve the /__fake/* control routes (default true). */
  controlRoutes?: boolean;
  /**
   * 'enterprise': Enterprise Accounting, whose payments without an outstanding account (none on
   * the seeded Clover lines) leave the residual alone until the bank match (see methods.ts).
   * Default 'community'.
   */
  edition?: OdooEdition;
  /** The company's currency, in which the seeded invoices and orders are (default USD). */
  currency?: 'USD' | 'CAD';
  /** The Clover journal's own currency (default none: it books in the company's). */
  journalCurrency?: 'USD' | 'CAD';
}

/** Applies to the next `times` matching calls. */
export interface FaultRule {
  model?: string;
  method?: string;
  times?: number;
  /** Answer this status without processing the call (nothing committed). */
  status?: number;
  name?: string;
  message?: string;
  /** Process and commit the call, then drop the connection without answering. */
  drop?: boolean;
  /** Extra latency for matching calls. */
  delayMs?: number;
  /** In-process only: runs just before the call is processed (e.g. to commit a rival write). */
  before?: () => void;
  /** In-process only: runs when a call matches, as it arrives (before any delay). */
  onMatch?: () => void;
}

export interface CallRecord {
  model: string;
  method: string;
  status: number;
  dropped: boolean;
  /** The X-Odoo-Database header, if sent. */
  database: string | null;
  /** Whether the caller sent any cookie (a JSON-2 client never should). */
  cookie: boolean;
}

export interface FakeOdoo {
  url: string;
  control: FakeOdooControl;
  close(): Promise<void>;
}

export type FakeOdooControl = ReturnType<typeof createControl>;

/** The key a counter payment carries: its payment_reference, else the first word of its memo. */
export function paymentKey(p: Rec): string | null {
  if (typeof p.payment_reference === 'string' && p.payment_reference) return p.payment_reference;
  if (typeof p.memo === 'string' && p.memo) return p.memo.split(' ')[0]!;
  return null;
}

function createControl(data: FakeOdooData, options: FakeOdooOptions, dispatch: ReturnType<typeof createDispatcher>) {
  let latencyMs = options.latencyMs ?? 0;
  let errorShape = options.errorShape ?? 'object';
  let apiKeys = new Set(options.apiKeys ?? ['test-key']);
  const rules: Array<FaultRule & { left: number }> = [];
  const calls: CallRecord[] = [];
  return {
    data,
    calls,
    get latencyMs() {
      return latencyMs;
    },
    get errorShape() {
      return errorShape;
    },
    setLatency(ms: number) {
      latencyMs = ms;
    },
    setErrorShape(shape: 'object' | 'string') {
      errorShape = shape;
    },
    setApiKeys(keys: string[]) {
      apiKeys = new Set(keys);
    },
    isValidKey: (key: string) => apiKeys.has(key),
    inject(rule: FaultRule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    clearFaults() {
      rules.length = 0;
    },
    /** The rule the next call to model.method consumes, if any. */
    takeRule(model: string, method: string): FaultRule | null {
      const rule = rules.find((r) => r.left > 0 && (!r.model || r.model === model) && (!r.method || r.method === method));
      if (!rule) return null;
      rule.left--;
      rule.onMatch?.();
      return rule;
    },
    payments: (): Rec[] => data.all('account.payment').map((p) => ({ ...p })),
    paymentsByKey: (key: string): Rec[] => data.all('account.payment').filter((p) => paymentKey(p) === key),
    /** How many Odoo payments carry each key: exactly-once means every count is 1. */
    keyCounts(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const p of data.all('account.payment')) {
        const k = paymentKey(p);
        if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return counts;
    },
    invoice: (id: number): Rec | undefined => {
      const r = data.get('account.move', id);
      return r && { ...r };
    },
    /** moveType: out_invoice (default), out_refund (credit note), in_invoice (vendor bill), ... */
    addInvoice(vals: { name: string; partnerId: number; total: number; residual?: number; state?: string; moveType?: string }): number {
      const residual = vals.residual ?? vals.total;
      return data.insert('account.move', {
        name: vals.name,
        move_type: vals.moveType ?? 'out_invoice',
        state: vals.state ?? 'posted',
        partner_id: vals.partnerId,
        commercial_partner_id: vals.partnerId,
        invoice_date: '2026-05-01',
        invoice_date_due: '2026-06-01',
        amount_total: vals.total,
        amount_residual: residual,
        amount_residual_signed: residual,
        currency_id: 1,
        payment_state: residual === 0 ? 'paid' : residual < vals.total ? 'partial' : 'not_paid',
        company_id: 1,
      });
    },
    /** The bank statement is matched with this payment (Enterprise: only now does the invoice drop). */
    matchWithBank: (paymentId: number): void => dispatch.matchWithBank(paymentId),
    /** Changes a record behind the counter's back, as a person in Odoo's UI would. */
    edit: (model: string, id: number, vals: Record<string, unknown>): void => data.update(model, id, vals),
    /** Runs a call directly, as another Odoo user would (no HTTP, no faults). */
    call: (model: string, method: string, body: Record<string, unknown> = {}): unknown => dispatch(model, method, body),
    callCount: (model?: string, method?: string): number => calls.filter((c) => (!model || c.model === model) && (!method || c.method === method)).length,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

export async function startFakeOdoo(options: FakeOdooOptions = {}): Promise<FakeOdoo> {
  const data = new FakeOdooData();
  if (options.seed ?? true) seed(data, { currency: options.currency ?? 'USD', ...(options.journalCurrency ? { journalCurrency: options.journalCurrency } : {}) });
  const dispatch = createDispatcher(data, options.edition);
  const control = createControl(data, options, dispatch);

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const fail = (res: ServerResponse, fault: FakeOdooFault, headers: Record<string, string> = {}) => {
    const body =
      control.errorShape === 'string'
        ? fault.message
        : {
            name: fault.odooName,
            message: fault.message,
            arguments: [fault.message],
            context: {},
            debug: `Traceback (most recent call last):\n  File "/opt/odoo/odoo/http.py", line 2201, in _serve_db\n${fault.odooName}: ${fault.message}`,
          };
    send(res, fault.status, body, headers);
  };

  async function json2(req: IncomingMessage, res: ServerResponse, model: string, method: string): Promise<void> {
    const database = typeof req.headers['x-odoo-database'] === 'string' ? req.headers['x-odoo-database'] : null;
    const record = (status: number, dropped = false) => control.calls.push({ model, method, status, dropped, database, cookie: !!req.headers.cookie });
    if (req.method !== 'POST') return fail(res, new FakeOdooFault(405, 'werkzeug.exceptions.MethodNotAllowed', 'The method is not allowed for the requested URL.'));
    const text = await readBody(req);
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return fail(res, new FakeOdooFault(415, 'werkzeug.exceptions.UnsupportedMediaType', 'Content-Type must be application/json'));
    }
    const auth = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!auth || !control.isValidKey(auth[1]!.trim())) {
      record(401);
      return fail(res, new FakeOdooFault(401, 'werkzeug.exceptions.Unauthorized', auth ? 'Invalid apikey' : 'Missing bearer token'), { 'www-authenticate': 'bearer' });
    }
    const db = req.headers['x-odoo-database'];
    if (db !== undefined && options.database && db !== options.database) return fail(res, FakeOdooFault.notFound(`database "${String(db)}" not found`));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return fail(res, new FakeOdooFault(400, 'werkzeug.exceptions.BadRequest', 'Invalid JSON data'));
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(res, new FakeOdooFault(400, 'werkzeug.exceptions.BadRequest', 'Invalid JSON data: expected an object'));

    const rule = control.takeRule(model, method);
    await sleep(control.latencyMs + (rule?.delayMs ?? 0));
    if (rule?.status) {
      record(rule.status);
      const name = rule.name ?? (rule.status >= 500 ? 'builtins.RuntimeError' : 'odoo.exceptions.UserError');
      return fail(res, new FakeOdooFault(rule.status, name, rule.message ?? `injected ${rule.status}`));
    }
    rule?.before?.();
    let result: unknown;
    try {
      // Processed even if the client has gone: Odoo does not notice a dropped caller either.
      result = dispatch(model, method, body as Record<string, unknown>);
    } catch (err) {
      const fault = err instanceof FakeOdooFault ? err : new FakeOdooFault(500, 'builtins.Exception', String(err));
      record(fault.status);
      return fail(res, fault);
    }
    if (rule?.drop) {
      record(200, true);
      req.socket.destroy(); // committed, but the caller never hears so
      return;
    }
    record(200);
    // Odoo may hand out a session cookie; a JSON-2 client must never send it back.
    send(res, 200, result ?? null, { 'set-cookie': 'session_id=fake-session; Path=/; HttpOnly' });
  }

  async function controlRoute(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = req.method === 'POST' ? (JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>) : {};
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /__fake/summary':
        return send(res, 200, { payments: control.payments().length, keys: Object.fromEntries(control.keyCounts()), calls: control.calls.length });
      case 'GET /__fake/payments': {
        const key = url.searchParams.get('key');
        return send(res, 200, key ? control.paymentsByKey(key) : control.payments());
      }
      case 'POST /__fake/faults':
        control.inject(body as FaultRule);
        return send(res, 200, true);
      case 'POST /__fake/clear-faults':
        control.clearFaults();
        return send(res, 200, true);
      case 'POST /__fake/latency':
        control.setLatency(Number(body.ms ?? 0));
        return send(res, 200, true);
      case 'POST /__fake/api-keys':
        control.setApiKeys((body.keys as string[]) ?? []);
        return send(res, 200, true);
      default:
        return send(res, 404, 'unknown control route');
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const done = (p: Promise<void>) => p.catch((err: unknown) => fail(res, new FakeOdooFault(500, 'builtins.Exception', String(err))));
    if (url.pathname.startsWith('/__fake/') && (options.controlRoutes ?? true)) return void done(controlRoute(req, res, url));
    if (req.method === 'GET' && (url.pathname === '/web/version' || url.pathname === '/json/version')) {
      return send(res, 200, { version: '19.0', version_info: [19, 0, 0, 'final', 0, ''] });
    }
    const m = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (m) return void done(json2(req, res, m[1]!, m[2]!));
    if (url.pathname.startsWith('/json/2')) return fail(res, FakeOdooFault.notFound('Did you mean POST /json/2/<model>/<method>?'));
    return fail(res, FakeOdooFault.notFound());
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
