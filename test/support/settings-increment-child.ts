// Child process for the settings lock test: raises one setting by 1, `count` times, with
// updateSettings on a data folder another child is changing at the same time. It starts only
// once every child has started (ready-* files), so their changes really overlap.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../../src/shared/settings';
import { updateSettings } from '../../src/till/settings-file';

const [dataDir, field, count, children] = process.argv.slice(2) as [string, string, string, string];

const RAISE: Record<string, (s: Settings) => void> = {
  timeoutSec: (s) => void (s.clover.timeoutSec += 1),
  defaultRateBps: (s) => void (s.surcharge.defaultRateBps += 1),
};
const raise = RAISE[field];
if (!raise) throw new Error(`unknown field ${field}`);

writeFileSync(join(dataDir, `ready-${field}`), '');
const wait = new Int32Array(new SharedArrayBuffer(4));
while (readdirSync(dataDir).filter((f) => f.startsWith('ready-')).length < Number(children)) Atomics.wait(wait, 0, 0, 5);

for (let i = 0; i < Number(count); i++) updateSettings(dataDir, raise);
