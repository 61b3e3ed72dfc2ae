// Would the till still start with these settings? A change that leaves it unable to (production
// without its Remote App ID, training pointed at another simulator, …) is refused before it is
// saved: every `counter` command opens the till first, `settings set` included, so a saved one
// could not be undone from here. Checked by the till's own resolver on a scratch copy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../shared/settings';
import { ConfigError, type Env, resolveTillConfig, withFirstRunTraining } from '../till/config/till-config';
import { writeSettings } from '../till/settings-file';

/** What would stop the till starting with `settings` under `env`; empty when it would start. */
export function startProblems(settings: Settings, env: Env): string[] {
  const scratch = mkdtempSync(join(tmpdir(), 'counter-settings-check-'));
  try {
    writeSettings(scratch, settings);
    resolveTillConfig({ dataDir: scratch, env: withFirstRunTraining(env, scratch) });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
