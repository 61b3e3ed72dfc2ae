export { startFakeOdoo, paymentKey, type FakeOdoo, type FakeOdooControl, type FakeOdooOptions, type FaultRule } from './server';
export { SEED } from './seed';
