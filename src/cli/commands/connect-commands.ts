// connect [--no-browser], disconnect, secret set <odoo|dispatcher> and
// secret set <clover-token|ecommerce-key> --merchant <id> (value on stdin). Connecting,
// disconnecting and every Clover or Odoo credential are a manager's: the PIN comes from
// COUNTER_MANAGER_PIN (never an argument, which other users of the machine could read).
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { beginConnect, disconnect, DISPATCHER_SECRET_NAME } from '../../till/connect/clover-connection';
import { saveLegacyCredential } from '../../till/connect/legacy-credential';
import { requireManager } from '../../till/manager-gate';
import { type CliContext, CliExit, EXIT } from '../cli-context';

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`Could not open a browser; open this address yourself:\n${url}\n`));
  child.unref();
}

const managerPin = (): string | undefined => process.env.COUNTER_MANAGER_PIN || undefined;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export function registerConnectCommands(program: Command, ctx: () => CliContext): void {
  program
    .command('connect')
    .description('connect this till to a Clover merchant (sign in through the browser; manager PIN in COUNTER_MANAGER_PIN)')
    .option('--no-browser', 'print the address instead of opening a browser')
    .action(async (opts: { browser: boolean }) => {
      const c = ctx();
      const till = await c.till();
      await requireManager(till, 'clover.connect', managerPin());
      const handle = await beginConnect(till);
      if (!opts.browser) process.stdout.write(`Open: ${handle.authorizeUrl}\n`);
      else {
        process.stderr.write('Opening Clover sign-in in your browser…\n');
        openBrowser(handle.authorizeUrl);
      }
      const { merchantId, merchantName } = await handle.done;
      c.print({ merchantId, merchantName }, `Connected to ${merchantName} (${merchantId}).`);
    });

  program
    .command('disconnect')
    .description('forget this till\'s Clover connection (tokens removed from the keychain; manager PIN in COUNTER_MANAGER_PIN)')
    .action(async () => {
      const c = ctx();
      const till = await c.till();
      await requireManager(till, 'clover.disconnect', managerPin());
      await disconnect(till);
      c.print({ disconnected: true }, 'Disconnected from Clover.');
    });

  const secret = program.command('secret').description('store a credential in the OS keychain (value read from stdin; each needs the manager PIN in COUNTER_MANAGER_PIN)');
  secret
    .command('set')
    .argument('<name>', 'odoo (the Odoo API key) | dispatcher (this till\'s dispatcher key, <till id>.<key> from the dispatcher\'s till-key command) | clover-token (a merchant REST API token from the Clover dashboard) | ecommerce-key (a Clover Ecommerce private key)')
    .option('--merchant <id>', 'the 13-character Clover merchant id (clover-token and ecommerce-key)')
    .action(async (name: string, opts: { merchant?: string }) => {
      const c = ctx();
      const clover = name === 'clover-token' || name === 'ecommerce-key';
      if (!clover && name !== 'odoo' && name !== 'dispatcher') throw new CliExit(EXIT.usage, { code: 'BAD_INPUT', message: `unknown secret "${name}": use odoo, dispatcher, clover-token or ecommerce-key` });
      if (clover && !/^[A-Z0-9]{13}$/.test(opts.merchant ?? '')) throw new CliExit(EXIT.usage, { code: 'BAD_INPUT', message: `${name} needs --merchant with the 13-character Clover merchant id (letters and digits)` });
      if (!clover && opts.merchant !== undefined) throw new CliExit(EXIT.usage, { code: 'BAD_INPUT', message: '--merchant is only for clover-token and ecommerce-key' });
      const value = await readStdin();
      if (value.length < 8 || value.length > 500 || /\s/.test(value)) throw new CliExit(EXIT.usage, { code: 'BAD_INPUT', message: 'the secret on stdin must be 8-500 characters without spaces' });
      // Never in first-run training, which keeps secrets in memory: this one goes to the keychain.
      if (clover) {
        // No simulator auto-connect first: OAuth tokens would take precedence over this credential.
        const till = await c.till({ autoConnectSimulator: false, firstRunTraining: false });
        await requireManager(till, 'clover.setLegacyCredential', managerPin());
        const kind = name === 'clover-token' ? 'merchant-token' : 'ecommerce-key';
        const saved = await saveLegacyCredential(till, { kind, merchantId: opts.merchant!, value });
        const to = saved.merchantName ? `${saved.merchantName} (${saved.merchantId})` : saved.merchantId;
        c.print({ saved: name, credential: kind, ...saved }, `Saved the ${name} secret in the keychain; Clover merchant ${to}.`);
        return;
      }
      const till = await c.till({ firstRunTraining: false });
      const pin = managerPin();
      if (name === 'odoo') await c.call('settings.setOdooKey', { key: value, ...(pin ? { managerPin: pin } : {}) });
      else {
        // The till's dispatcher key decides where Clover sign-ins go: a manager's change.
        await requireManager(till, 'Saving the dispatcher key', pin);
        await till.secrets.set(DISPATCHER_SECRET_NAME, value);
      }
      c.print({ saved: name }, `Saved the ${name} secret in the keychain.`);
    });

  program
    .command('manager-pin')
    .description('set or change the manager PIN (new PIN on stdin; the current one in COUNTER_MANAGER_PIN)')
    .action(async () => {
      const c = ctx();
      const newPin = await readStdin();
      const currentPin = process.env.COUNTER_MANAGER_PIN;
      await c.call('settings.setManagerPin', { newPin, ...(currentPin ? { currentPin } : {}) });
      c.print({ saved: 'manager-pin' }, 'Manager PIN saved.');
    });
}
