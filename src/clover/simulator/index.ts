// The Clover simulator: a real HTTP server that behaves like Clover's sandbox, quirks included
// (docs: clover-api.md §9). Tests and the app's training mode talk to it over loopback HTTP.
export { startCloverSimulator } from './simulator';
export { DEFAULT_MERCHANT } from './sim-context';
export type {
  CloverSimulator,
  CustomerAction,
  DeviceScreen,
  FaultKind,
  FaultRule,
  HostRole,
  IssuedTokens,
  LegacyCredentialKind,
  SimCounters,
  SimDevice,
  SimDeviceState,
  SimMerchant,
  SimPaymentView,
  SimProfile,
  SimRefundView,
  SimRequestLogEntry,
  SimulatorControl,
  SimulatorFlags,
  SimulatorOptions,
  SimulatorUrls,
} from './types';
