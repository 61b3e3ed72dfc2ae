// The checks every REST Pay Display call passes before it reaches a device (§3.1, D14, D17–D19):
// bearer, device serial, X-POS-Id, User-Agent, X-Clover-Timeout, JSON body, app running.
import { DEVICE_NOT_CONNECTED } from './device-operation';
import type { DeviceSession } from './device-sessions';
import { bearerMerchant } from './credential-gate';
import { header, json, readJsonObject, type JsonObject, type RequestCtx, type SimResponse } from './http-io';
import type { SimContext } from './sim-context';

export interface ConnectCall {
  merchantId: string;
  device: DeviceSession;
  timeoutSec: number;
  idempotencyKey: string | undefined;
  body: JsonObject;
}

export const DEFAULT_CLOVER_TIMEOUT_SEC = 120; // D14

export const UNAUTHORIZED: SimResponse = json(401, { message: '401 Unauthorized' });
const SERIAL_MISMATCH: SimResponse = json(400, {
  code: 'processing_error',
  message: 'Device serial number does not match X-Clover-Device-Id',
  type: 'api_error',
});

export function restPayError(status: number, type: string, message: string): SimResponse {
  return json(status, { message, type });
}

export function openConnectCall(sim: SimContext, ctx: RequestCtx): ConnectCall | SimResponse {
  const merchantId = bearerMerchant(sim, ctx, 'rest-pay', UNAUTHORIZED);
  if (typeof merchantId !== 'string') return merchantId;
  const device = sim.devices.get(header(ctx, 'x-clover-device-id'));
  if (!device || device.merchantId !== merchantId) return SERIAL_MISMATCH;

  const posId = header(ctx, 'x-pos-id');
  if (!posId || posId.trim() === '') return restPayError(400, 'INVALID_REQUEST', 'X-POS-Id header is required');
  if (sim.opts.profile === 'production-like' && posId !== sim.opts.raid) {
    return restPayError(401, 'UNAUTHORIZED', 'X-POS-Id is not the Remote App ID of this app');
  }

  if (!header(ctx, 'user-agent')) {
    if (sim.opts.strictUserAgent) return restPayError(400, 'INVALID_REQUEST', 'User-Agent header is required');
    sim.counters.missingUserAgent++;
  }

  const rawTimeout = header(ctx, 'x-clover-timeout');
  let timeoutSec = DEFAULT_CLOVER_TIMEOUT_SEC;
  if (rawTimeout !== undefined) {
    if (!/^\d{1,3}$/.test(rawTimeout.trim()) || Number(rawTimeout) > 300) {
      return restPayError(400, 'INVALID_REQUEST', 'X-Clover-Timeout must be an integer from 0 to 300');
    }
    timeoutSec = Number(rawTimeout);
  }

  const body = readJsonObject(ctx);
  if (!body.ok) {
    return body.reason === 'content-type'
      ? json(415, { message: 'Unsupported Media Type', type: 'UNSUPPORTED_MEDIA_TYPE' })
      : restPayError(400, 'INVALID_REQUEST', 'Malformed JSON body');
  }

  if (!device.connected) return DEVICE_NOT_CONNECTED;
  const key = header(ctx, 'idempotency-key');
  return { merchantId, device, timeoutSec, idempotencyKey: key && key.trim() !== '' ? key : undefined, body: body.value };
}

export function isResponse(x: ConnectCall | SimResponse): x is SimResponse {
  return 'status' in x;
}
