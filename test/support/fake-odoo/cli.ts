// Standalone fake Odoo for browser tests and benchmarks:
//   tsx test/support/fake-odoo/cli.ts --port 8069 --latency 20 --key test-key [--db store] [--string-errors] [--enterprise]
// Prints "FAKE_ODOO_URL=<url>" once listening; control it over /__fake/* (see server.ts).
import { parseArgs } from 'node:util';
import { startFakeOdoo } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    latency: { type: 'string', default: '0' },
    key: { type: 'string', multiple: true },
    db: { type: 'string' },
    'string-errors': { type: 'boolean', default: false },
    'no-seed': { type: 'boolean', default: false },
    enterprise: { type: 'boolean', default: false },
  },
});

const fake = await startFakeOdoo({
  port: Number(values.port),
  host: values.host,
  latencyMs: Number(values.latency),
  apiKeys: values.key ?? ['test-key'],
  database: values.db ?? null,
  errorShape: values['string-errors'] ? 'string' : 'object',
  seed: !values['no-seed'],
  edition: values.enterprise ? 'enterprise' : 'community',
});
console.log(`FAKE_ODOO_URL=${fake.url}`);

const shutdown = () => void fake.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
