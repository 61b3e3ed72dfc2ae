// doctor: is this till ready to trade? (field-lessons §7 ready-to-trade check) Exit 0 only
// when every check passes.
import type { Command } from 'commander';
import { cloverCapabilities, credentialLabel, disabledFeatures } from '../../till/clover-capabilities';
import { KeychainSecretStore } from '../../till/secrets/keychain-secret-store';
import { erpStatus } from '../../till/erp-documents';
import { pingTerminal } from '../../till/terminals';
import { type CliContext, CliExit, EXIT } from '../cli-context';
import { integrityLines } from './audit-command';
import { backupCheck } from '../../till/backup/backup-check';
import { checkCurrencies } from '../../till/setup/currency-check';
import { learnFromClover } from '../../till/setup/learn-merchant';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export function registerDoctorCommand(program: Command, ctx: () => CliContext): void {
  program
    .command('doctor')
    .description('check that this till is ready to take payments')
    .action(async () => {
      const c = ctx();
      const till = await c.till();
      const checks: Check[] = [];
      const check = async (name: string, run: () => Promise<string>) => {
        try {
          checks.push({ name, ok: true, detail: await run() });
        } catch (error) {
          checks.push({ name, ok: false, detail: (error as Error).message });
        }
      };
      const health = till.ledger.health();
      checks.push({ name: 'ledger', ok: health.ok, detail: health.ok ? till.ledger.path : health.message });
      await check('keychain', async () => {
        if (till.config.training) return 'not used in training mode';
        await new KeychainSecretStore(till.config.keychainService).check();
        return 'Secret Service available';
      });
      // Which credential is in use and what it turns off (a merchant API token cannot drive the terminal).
      const caps = await cloverCapabilities(till).catch(() => null);
      const disabled = caps ? disabledFeatures(caps) : [];
      await check('clover', async () => {
        const merchant = await till.merchant().platform.getMerchant();
        const via = caps ? `, ${credentialLabel(caps.credential)}` : '';
        return `connected to ${merchant.name} (${merchant.id}, ${till.config.cloverEnv}${via})${disabled.length ? `; disabled: ${disabled.join(' ')}` : ''}`;
      });
      await check('terminal', async () => {
        const s = till.settings();
        const serial = s.defaultTerminal ?? s.terminals[0]?.serial;
        if (!serial) throw new Error('no terminal: run `counter terminals sync`');
        const t = await pingTerminal(till, serial);
        if (!t.connected) throw new Error(`${t.name} (${serial}) does not answer: start Cloud Pay Display on it`);
        return `${t.name} (${serial}) answers${t.busy ? ', busy' : ''}`;
      });
      await check('odoo', async () => {
        const s = await erpStatus(till);
        if (!s.configured) throw new Error('not configured (ODOO_URL)');
        if (!s.reachable || !s.keyValid) throw new Error(s.message ?? 'not usable');
        return 'reachable, API key accepted';
      });
      // The merchant's currency from Clover, held against the till's and Odoo's journal's.
      await check('currency', async () => {
        const { profile, currencyWas } = await learnFromClover(till);
        const result = await checkCurrencies(till, profile.currency);
        if (!result.ok) throw new Error(result.detail);
        return currencyWas ? `${result.detail} (the till had ${currencyWas}: taken from Clover now)` : result.detail;
      });
      const m = till.ledger.outbox.metrics();
      checks.push({ name: 'outbox', ok: m.parked === 0 && !m.pausedReason, detail: `${m.depth} waiting, ${m.parked} parked${m.pausedReason ? `, paused: ${m.pausedReason}` : ''}` });
      const integrity = till.ledger.audit.check();
      checks.push({ name: 'audit log', ok: integrity.ok, detail: integrity.ok ? `${integrity.checked} records match the log` : integrityLines(integrity).slice(0, 3).join('; ') });
      checks.push(backupCheck(till)); // the newest backup and its age (backups off: a warning)
      const unresolved = till.ledger.sales.unresolved();
      checks.push({ name: 'unresolved sales', ok: unresolved.length === 0, detail: unresolved.length ? `sales ${unresolved.map((s) => `#${s.id}`).join(', ')}: run \`counter recover\`` : 'none' });
      const ready = checks.every((x) => x.ok);
      c.print({ ready, checks, clover: caps ? { ...caps, disabled } : null }, [...checks.map((x) => `${x.ok ? 'ok  ' : 'FAIL'} ${x.name.padEnd(17)} ${x.detail}`), ready ? 'Ready to trade.' : 'NOT ready to trade.']);
      if (!ready) throw new CliExit(EXIT.refused);
    });
}
