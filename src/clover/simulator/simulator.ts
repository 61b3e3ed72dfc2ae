// Starts the four listeners (api, web, ecommerce, token), like Clover's four hosts (§1), wires
// the route tables to them and returns the handle the tests and the CLI hold.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControl } from './control';
import { controlRoutes } from './control-routes';
import { DEVICE_NOT_CONNECTED } from './device-operation';
import { deviceRoutes } from './device-routes';
import { createRequestHandler, type Listener } from './dispatcher';
import { ecommerceRoutes } from './ecommerce-routes';
import { oauthApiRoutes, oauthWebRoutes } from './oauth-routes';
import { paymentFollowupRoutes } from './payment-followup-routes';
import { paymentRoutes } from './payment-routes';
import { platformRoutes } from './platform-routes';
import { resolveOptions, SimContext } from './sim-context';
import { tokenizeRoutes } from './tokenize-routes';
import type { CloverSimulator, HostRole, SimulatorOptions, SimulatorUrls } from './types';

const ROLES: HostRole[] = ['api', 'web', 'ecommerce', 'token'];

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startCloverSimulator(options: SimulatorOptions = {}): Promise<CloverSimulator> {
  const opts = resolveOptions(options);
  const sim = new SimContext(opts, options.now ?? Date.now, {
    accessSec: options.accessTokenLifetimeSec ?? 1800,
    refreshSec: options.refreshTokenLifetimeSec ?? 366 * 24 * 3600,
  });
  const control = createControl(sim);
  const urls: SimulatorUrls = { api: '', web: '', ecommerce: '', token: '' };

  const listeners: Record<HostRole, Listener> = {
    api: {
      role: 'api',
      routes: [...oauthApiRoutes(sim), ...deviceRoutes(sim), ...paymentRoutes(sim), ...paymentFollowupRoutes(sim), ...platformRoutes(sim)],
      controlRoutes: controlRoutes(sim, control, () => urls),
    },
    web: { role: 'web', routes: oauthWebRoutes(sim) },
    ecommerce: { role: 'ecommerce', routes: ecommerceRoutes(sim) },
    token: { role: 'token', routes: tokenizeRoutes(sim) },
  };

  const servers: Server[] = [];
  const closeAll = async (): Promise<void> => {
    // Answer held payments first so no handler outlives the listeners.
    for (const device of sim.devices.all()) device.op?.abort(DEVICE_NOT_CONNECTED);
    await Promise.all(servers.map(closeServer));
  };
  try {
    for (const [i, role] of ROLES.entries()) {
      const server = createServer({ keepAliveTimeout: 5000 }, createRequestHandler(sim, listeners[role]));
      servers.push(server);
      const port = await listen(server, opts.host, opts.port === 0 ? 0 : opts.port + i);
      const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      urls[role] = `http://${host}:${port}`;
    }
  } catch (err) {
    await closeAll();
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    urls,
    control,
    close: () => (closing ??= closeAll()),
  };
}
