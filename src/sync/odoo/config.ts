// Odoo settings from the environment (or a settings file mapped to the same names), checked
// up front with messages store IT can act on. The API key is not configuration: it lives in
// the SecretStore (OS keychain) under `apiKeyName`.

export interface OdooConfig {
  url: string;
  database: string | null;
  journalName: string;
  paymentMethodLineName: string | null;
  walkInPartner: { by: 'ref' | 'name'; value: string };
  /** Account code for card surcharges; null = surcharge included in the payment (see README). */
  surchargeAccountCode: string | null;
  companyId: number | null;
  timeoutMs: number;
  apiKeyName: string;
}

export class OdooConfigError extends Error {
  override readonly name = 'OdooConfigError';
  constructor(readonly problems: string[]) {
    super(`Odoo settings are not usable:\n- ${problems.join('\n- ')}`);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

type Env = Readonly<Record<string, string | undefined>>;

/** Reads ODOO_* settings; throws OdooConfigError listing every problem at once. */
export function loadOdooConfig(env: Env = process.env): OdooConfig {
  const problems: string[] = [];
  const text = (name: string): string | null => {
    const v = env[name]?.trim();
    return v ? v : null;
  };

  let url = '';
  const rawUrl = text('ODOO_URL');
  if (!rawUrl) problems.push('ODOO_URL is missing (e.g. https://erp.example.com)');
  else {
    try {
      const u = new URL(rawUrl);
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
        problems.push(`ODOO_URL must use https (plain http only for localhost), got ${u.protocol}//${u.host}`);
      }
      if (u.username || u.password) problems.push('ODOO_URL must not contain a user name or password; the API key goes in the keychain');
      if (u.search || u.hash) problems.push('ODOO_URL must not have a query or fragment');
      url = `${u.origin}${u.pathname}`.replace(/\/+$/, '');
    } catch {
      problems.push(`ODOO_URL is not a URL: "${rawUrl}"`);
    }
  }

  if (env.ODOO_API_KEY) problems.push('ODOO_API_KEY must not be set in the environment: store the key in the keychain instead');

  const database = text('ODOO_DB');
  if (database && !/^[A-Za-z0-9_.-]{1,63}$/.test(database)) problems.push(`ODOO_DB "${database}" is not a valid database name`);

  const journalName = text('ODOO_JOURNAL') ?? 'Clover';

  let walkInPartner: OdooConfig['walkInPartner'] = { by: 'ref', value: 'WALKIN' };
  const partner = text('ODOO_WALKIN_PARTNER');
  if (partner) {
    const m = /^(ref|name):(.+)$/.exec(partner);
    walkInPartner = m ? { by: m[1] as 'ref' | 'name', value: m[2]!.trim() } : { by: 'name', value: partner };
    if (!walkInPartner.value) problems.push('ODOO_WALKIN_PARTNER is empty (use ref:WALKIN or name:Walk-in Customer)');
  }

  const number = (name: string, min: number, max: number): number | null => {
    const v = text(name);
    if (v === null) return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${v}"`);
      return null;
    }
    return n;
  };
  const timeoutMs = number('ODOO_TIMEOUT_MS', 1000, 300_000) ?? 15_000;
  const companyId = number('ODOO_COMPANY_ID', 1, 2 ** 31);

  if (problems.length > 0) throw new OdooConfigError(problems);
  return {
    url,
    database,
    journalName,
    paymentMethodLineName: text('ODOO_PAYMENT_METHOD_LINE'),
    walkInPartner,
    surchargeAccountCode: text('ODOO_SURCHARGE_ACCOUNT'),
    companyId,
    timeoutMs,
    apiKeyName: text('ODOO_API_KEY_NAME') ?? 'odoo.apiKey',
  };
}
