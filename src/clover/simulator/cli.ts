// `npm run clover-sim`: the simulator as a standalone process for training mode and manual tests.
// Flags override env: --port/CLOVER_SIM_PORT (api port; the next three ports for web, ecommerce,
// token; 0 = random), --host/CLOVER_SIM_HOST, --profile/CLOVER_SIM_PROFILE, --app-id, --raid,
// --approve-after <ms> (devices approve by themselves), --no-rate-limit.
import { parseArgs } from 'node:util';
import { startCloverSimulator } from './simulator';
import type { SimProfile, SimulatorOptions } from './types';

const PROFILES: SimProfile[] = ['sandbox-faithful', 'training', 'production-like'];

function fail(message: string): never {
  console.error(`clover-sim: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      profile: { type: 'string' },
      'app-id': { type: 'string' },
      raid: { type: 'string' },
      'approve-after': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
    },
    strict: true,
  });
  const env = process.env;
  const portText = values.port ?? env.CLOVER_SIM_PORT ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65532) fail(`bad port ${portText}`);
  const profile = (values.profile ?? env.CLOVER_SIM_PROFILE ?? 'sandbox-faithful') as SimProfile;
  if (!PROFILES.includes(profile)) fail(`profile must be one of ${PROFILES.join(', ')}`);

  const options: SimulatorOptions = { port, profile, host: values.host ?? env.CLOVER_SIM_HOST ?? '127.0.0.1' };
  if (values['app-id']) options.appId = values['app-id'];
  if (values.raid) options.raid = values.raid;
  if (values['no-rate-limit']) options.rateLimit = false;
  if (values['approve-after'] !== undefined) {
    const delayMs = Number(values['approve-after']);
    if (!Number.isFinite(delayMs) || delayMs < 0) fail('--approve-after needs milliseconds');
    options.defaultAction = { kind: 'approve', delayMs };
  }

  const sim = await startCloverSimulator(options);
  const { api, web, ecommerce, token } = sim.urls;
  console.log(`Clover simulator: api=${api} web=${web} ecommerce=${ecommerce} token=${token}`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
