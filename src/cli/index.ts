// The headless `counter` command (`npm run counter -- <command>`): the same till and data
// folder as the app, for store IT to set up, check and smoke-test a till.
import { Command, CommanderError } from 'commander';
import { redact } from '../shared/redact';
import { APP_VERSION } from '../shared/version';
import { CliContext, CliExit, EXIT, exitCodeFor, type GlobalOptions } from './cli-context';
import { registerConnectCommands } from './commands/connect-commands';
import { registerAuditCommand } from './commands/audit-command';
import { registerBackupCommands } from './commands/backup-commands';
import { registerDoctorCommand } from './commands/doctor-command';
import { registerReceiptCommands } from './commands/receipt-commands';
import { registerSaleCommands } from './commands/sale-commands';
import { registerSyncCommands } from './commands/sync-commands';
import { registerTerminalCommands } from './commands/terminal-commands';
import { registerSettingsCommands } from './commands/settings-commands';
import { printError } from './print-error';
import { toApiError } from '../till/api/to-api-error';

export async function main(argv: string[]): Promise<number> {
  let context: CliContext | null = null;
  let json = argv.includes('--json');
  const program = new Command('counter')
    .description('Fusion Clover Counter: set up, check and smoke-test a till')
    .version(APP_VERSION)
    .option('--data-dir <dir>', 'data folder (env COUNTER_DATA_DIR)')
    .option('--json', 'print one JSON object on stdout')
    .option('--verbose', 'log more to stderr')
    .exitOverride()
    .configureOutput({ writeErr: (s) => !json && process.stderr.write(s) })
    .showSuggestionAfterError(false);
  program.hook('preAction', (root) => {
    const opts = root.opts<GlobalOptions>();
    json = Boolean(opts.json);
    context = new CliContext(opts);
  });
  const ctx = () => context!;
  registerSaleCommands(program, ctx);
  registerTerminalCommands(program, ctx);
  registerSyncCommands(program, ctx);
  registerReceiptCommands(program, ctx);
  registerConnectCommands(program, ctx);
  registerDoctorCommand(program, ctx);
  registerAuditCommand(program, ctx);
  registerSettingsCommands(program, ctx);
  registerBackupCommands(program, ctx);

  let code: number = EXIT.done;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    code = report(error, json);
  } finally {
    await (context as CliContext | null)?.close();
  }
  return code;
}

function report(error: unknown, json: boolean): number {
  if (error instanceof CliExit) {
    if (error.error) printError(json, error.error.code, error.error.message);
    return error.exitCode;
  }
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.done;
    // Commander already printed its one line (unless --json).
    if (json) printError(json, 'BAD_INPUT', error.message.replace(/^error: /, ''));
    return EXIT.usage;
  }
  const apiError = toApiError(error);
  // Store IT needs the real reason of an unexpected failure (redacted: no PAN, no token).
  printError(json, apiError.code, apiError.code === 'INTERNAL' ? `internal error: ${redact(String(error))}` : apiError.message);
  return exitCodeFor(apiError);
}

main(process.argv.slice(2)).then((code) => process.exit(code));
