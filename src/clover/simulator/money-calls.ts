// The Idempotency-Key protocol shared by every REST Pay money call (D5, D6, D14): a key binds one
// request; a repeat replays the stored result, joins the still-running operation (after a 504 or a
// lost connection), or is refused while another request waits on it. Never a second operation.
import { awaitOperation, type DeviceOperation } from './device-operation';
import { canonicalJson, json, type RequestCtx, type SimResponse } from './http-io';
import { restPayError, type ConnectCall } from './paydisplay-gate';
import type { SimContext } from './sim-context';
import type { CustomerAction } from './types';

export type StartResult = SimResponse | { op: DeviceOperation; action: CustomerAction };

export async function runMoneyCall(sim: SimContext, ctx: RequestCtx, call: ConnectCall, start: () => StartResult): Promise<SimResponse> {
  const key = call.idempotencyKey;
  if (!key) return restPayError(400, 'INVALID_REQUEST', 'Idempotency-Key header is required');
  const fingerprint = `${ctx.method} ${ctx.path} ${call.device.serial} ${canonicalJson(call.body)}`;
  const existing = sim.idempotency.get(call.merchantId, key);
  if (existing) {
    if (existing.fingerprint !== fingerprint) {
      return json(400, { code: 'idempotency_error', message: 'Idempotency-Key was already used with a different request' });
    }
    if (existing.state === 'done') return existing.response;
    if (existing.op.waiters > 0) {
      return json(503, {
        message: `Conflicting request (${existing.op.name}) currently in progress for operation type: FOREGROUND`,
        type: 'RESOURCE_CONFLICT',
      });
    }
    return awaitOperation(existing.op, call.timeoutSec, ctx.signal);
  }
  const busy = call.device.busyResponse();
  if (busy) return busy;
  const started = start();
  if ('status' in started) return started; // refused before anything happened: not bound to the key
  sim.idempotency.bindPending(call.merchantId, key, fingerprint, started.op);
  call.device.run(started.op, started.action);
  return awaitOperation(started.op, call.timeoutSec, ctx.signal);
}

/** Immediate-approval action for operations the customer takes no part in (void, capture, ...). */
export const SERVER_SIDE: CustomerAction = { kind: 'approve' };
