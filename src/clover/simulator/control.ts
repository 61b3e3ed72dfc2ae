// In-process control of the simulator: script the customer, inject faults, mint tokens, inspect
// the books. control-routes.ts exposes the same powers over HTTP for other processes.
import type { SimContext } from './sim-context';
import type { CustomerAction, FaultRule, SimulatorControl } from './types';

const KINDS = new Set(['approve', 'decline', 'cancel', 'partial', 'hold']);

export function assertAction(action: unknown): asserts action is CustomerAction {
  const kind = (action as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !KINDS.has(kind)) throw new Error(`unknown customer action ${JSON.stringify(action)}`);
}

export function createControl(sim: SimContext): SimulatorControl {
  return {
    script(serial, action) {
      assertAction(action);
      sim.devices.require(serial).script.push(action);
    },
    act(serial, action) {
      assertAction(action);
      const op = sim.devices.require(serial).op;
      if (!op) throw new Error(`no operation is in progress on device ${serial}`);
      op.apply(action);
    },
    setConnected(serial, connected) {
      const device = sim.devices.require(serial);
      device.connected = connected;
      if (!connected) device.op?.abort();
    },
    fault(rule: FaultRule) {
      sim.faults.add(rule);
    },
    clearFaults() {
      sim.faults.clear();
    },
    issueTokens(merchantId) {
      return sim.tokens.issue(sim.requireMerchant(merchantId).id);
    },
    issueLegacyToken(kind, merchantId) {
      if (kind !== 'merchant-token' && kind !== 'ecommerce-key') throw new Error('kind must be merchant-token or ecommerce-key');
      return sim.tokens.issueLegacy(kind, sim.requireMerchant(merchantId).id);
    },
    revokeTokens(merchantId) {
      sim.tokens.revoke(sim.requireMerchant(merchantId).id);
    },
    apiKey(merchantId) {
      return sim.tokens.apiKeyFor(sim.requireMerchant(merchantId).id);
    },
    payments: () => sim.ledger.views(),
    requests: () => sim.log.list(),
    counters: () => ({ ...sim.counters }),
    device: (serial) => sim.devices.require(serial).state(),
    advanceClock(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error('advanceClock needs a non-negative number of ms');
      sim.advanceClock(ms);
    },
    reset() {
      sim.reset();
    },
  };
}
