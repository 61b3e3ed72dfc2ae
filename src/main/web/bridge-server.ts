// `npm run web`: the same till and UI as the desktop app, served to a plain browser on
// 127.0.0.1 (Actual Budget's browser twin). Takes the same environment as `counter`.
// Prints `Counter UI: <url with token>` (and the simulator's URLs when it runs one).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lineLogger } from '../../shared/logger';
import { redact } from '../../shared/redact';
import { createCounterHandlers } from '../../till/api/counter-handlers';
import { dispatchCall } from '../../till/api/dispatch-call';
import { toApiError } from '../../till/api/to-api-error';
import { resolveDataDir, withFirstRunTraining } from '../../till/config/till-config';
import { createTill } from '../../till/create-till';
import { recoverUnknownOutcomes } from '../../till/startup-recovery';
import { startRecoveryLoop } from '../../till/recovery-loop';
import { startBackupLoop } from '../../till/backup/backup-schedule';
import { startSync } from '../../till/sync-runner';
import { syncTerminals } from '../../till/terminals';
import { startBridge } from './bridge';

async function main(): Promise<void> {
  const rendererDir = resolve(process.env.COUNTER_RENDERER_DIR ?? join(process.cwd(), 'out', 'renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write('Building the UI (electron-vite build)…\n');
    const r = spawnSync('electron-vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.status !== 0) throw new Error('the UI build failed');
  }
  const logger = lineLogger((line) => process.stderr.write(`${line}\n`), process.env.COUNTER_LOG_LEVEL === 'debug' ? 'debug' : 'info');
  const dataDir = resolveDataDir(undefined);
  const till = await createTill({ dataDir, env: withFirstRunTraining(process.env, dataDir), logger });
  for (const warning of till.config.warnings) logger.log('warn', warning);
  if (till.simulator) {
    const u = till.simulator.urls;
    process.stdout.write(`Clover simulator: api=${u.api} web=${u.web} ecommerce=${u.ecommerce} token=${u.token}\n`);
  }
  // Ready-to-trade housekeeping, as the app does at start: terminals, then unknown outcomes.
  if (till.merchantId() && till.settings().terminals.length === 0) await syncTerminals(till).catch((e) => logger.log('warn', 'terminal sync failed', { error: String(e) }));
  await recoverUnknownOutcomes(till).catch((e) => logger.log('warn', 'start-up recovery failed', { error: toApiError(e).message }));
  const recovery = startRecoveryLoop(till); // open sales are asked about again while the app runs
  startBackupLoop(till); // a restore reconciled first; then a backup after each day and every few hours of trading
  const sync = startSync(till);
  const handlers = createCounterHandlers(till, { sync });
  const bridge = await startBridge({
    rendererDir,
    port: Number(process.env.PORT ?? 0),
    dispatch: (name, input) => dispatchCall(handlers, name, input, logger),
    subscribe: (listener) => till.events.on(listener),
  });
  process.stdout.write(`Counter UI: ${bridge.url}?token=${bridge.token}\n`);

  const stop = async () => {
    recovery.stop();
    await bridge.close();
    await sync?.stop();
    await till.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const apiError = toApiError(error);
  process.stderr.write(`counter web: ${apiError.code === 'INTERNAL' ? redact(String(error)) : apiError.message}\n`);
  process.exit(2);
});
