// Tests deliver the simulator's money to the fake Odoo, which a store's till never does: a
// manager binds a test database to the simulator's merchant explicitly, as this does.
import { DEFAULT_MERCHANT } from '../../src/clover/simulator/sim-context';
import { updateSettings } from '../../src/till/settings-file';

export function bindOdooToSimulator(dataDir: string, merchantId: string = DEFAULT_MERCHANT.id): void {
  updateSettings(dataDir, (s) => void (s.odoo.boundTo = { environment: 'simulator', merchantId }));
}
