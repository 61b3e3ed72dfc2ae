// Connecting the till to a Clover merchant and disconnecting it. The tokens go to the secret
// store (keychain) inside the client; only the merchant id and name reach settings.json.
import { CounterError } from '../../shared/contract/result';
import type { Till } from '../create-till';
import { syncTerminals } from '../terminals';
import { connectWithLoopback } from './loopback-connect';
import { connectToSimulator } from './simulator-connect';
import { learnFromClover } from '../setup/learn-merchant';
import { refuseWhileMoneyInTransit } from '../money-in-transit';

export interface ConnectHandle {
  authorizeUrl: string;
  /** Resolves once the merchant signed in and the tokens are stored. */
  done: Promise<{ merchantId: string; merchantName: string }>;
}

async function afterConnect(till: Till, merchantId: string): Promise<{ merchantId: string; merchantName: string }> {
  const merchant = await till.clover.merchant(merchantId).platform.getMerchant();
  till.updateSettings((s) => {
    s.clover.merchantId = merchantId;
    s.clover.merchantName = merchant.name;
  });
  // The currency (and the receipt's store details) from Clover: the system that knows.
  await learnFromClover(till).catch((e) => till.logger.log('warn', 'could not read the merchant profile after connect', { error: String(e) }));
  await syncTerminals(till).catch((e) => till.logger.log('warn', 'terminal sync after connect failed', { error: String(e) }));
  return { merchantId, merchantName: merchant.name };
}

/** Name of the dispatcher's signing secret in the keychain (shared with the dispatcher). */
export const DISPATCHER_SECRET_NAME = 'dispatcher.secret';

export async function beginConnect(till: Till, options: { timeoutMs?: number } = {}): Promise<ConnectHandle> {
  if (till.simulator) {
    throw new CounterError('REFUSED', 'This till runs on the built-in simulator and is connected to it already.');
  }
  // Reconnecting may land on another merchant: the money of this one must be home first.
  if (till.merchantId()) refuseWhileMoneyInTransit(till, 'Connecting Clover again (possibly to another merchant)');
  if (till.config.cloverEnv === 'simulator' && !till.simulator) {
    const merchantId = await connectToSimulator(till.clover);
    return { authorizeUrl: '(simulator: approved automatically)', done: afterConnect(till, merchantId) };
  }
  let publish!: (url: string) => void;
  const urlReady = new Promise<string>((resolve) => (publish = resolve));
  const dispatcherUrl = till.settings().clover.dispatcherUrl;
  const dispatcherSecret = dispatcherUrl ? await till.secrets.get(DISPATCHER_SECRET_NAME) : null;
  if (dispatcherUrl && !dispatcherSecret) {
    throw new CounterError('BAD_INPUT', 'Connecting through the dispatcher needs its signing secret in the keychain (`counter secret set dispatcher`).');
  }
  const done = connectWithLoopback({
    clover: till.clover,
    onAuthorizeUrl: publish,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(dispatcherUrl && dispatcherSecret ? { dispatcher: { callbackUrl: `${dispatcherUrl.replace(/\/+$/, '')}/clover/callback`, secret: dispatcherSecret } } : {}),
  }).then(({ merchantId }) => afterConnect(till, merchantId));
  // If the flow fails before it has a URL (port, config), surface that instead of hanging.
  const authorizeUrl = await Promise.race([urlReady, done.then(() => '')]);
  done.catch(() => {}); // the caller awaits `done` when it wants the outcome
  return { authorizeUrl, done };
}

export async function disconnect(till: Till): Promise<void> {
  const merchantId = till.merchantId();
  if (merchantId) refuseWhileMoneyInTransit(till, 'Disconnecting Clover');
  if (merchantId) {
    await till.clover.tokens.forget(merchantId);
    await till.clover.credentials.forgetLegacy(merchantId);
  }
  till.updateSettings((s) => {
    delete s.clover.merchantId;
    delete s.clover.merchantName;
  });
}
