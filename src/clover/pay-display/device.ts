// Screen, ping, cancel/reset, tip prompt and receipt calls (§3.2). No money moves here.
import { classifyFailure } from '../classify';
import { CloverInputError } from '../errors';
import { isRecord } from '../http/response';
import type { HttpOutcome } from '../http/transport';
import type { DeviceResult } from '../results';
import { checkAmount, checkCloverId, checkText } from '../validate';
import type { ConnectSender } from './request';

export type TipSuggestion = { name: string; amount: number } | { name: string; percentage: number };
export type ReceiptDelivery = { method: 'PRINT' } | { method: 'EMAIL'; email: string } | { method: 'SMS'; phone: string };

export interface DeviceCalls {
  /** `{connected:true}` when the Pay Display app answers; any Failure = not ready (D17). */
  ping(): Promise<DeviceResult<{ connected: boolean }>>;
  showWelcome(): Promise<DeviceResult<void>>;
  showThankYou(): Promise<DeviceResult<void>>;
  showMessage(text: string, options?: { beep?: boolean }): Promise<DeviceResult<void>>;
  /** Cancels the running operation; its own request then ends with 209 (or its real outcome). */
  cancel(): Promise<DeviceResult<void>>;
  /** PUT reset: may void an unfinished payment (§3.6) — warn the cashier first. */
  reset(): Promise<DeviceResult<void>>;
  readTip(request: { baseAmount: number; tipSuggestions?: TipSuggestion[]; timeoutSec?: number }): Promise<DeviceResult<{ tipAmount: number }>>;
  sendPaymentReceipt(paymentId: string, delivery: ReceiptDelivery): Promise<DeviceResult<void>>;
  sendRefundReceipt(refundId: string, delivery: ReceiptDelivery): Promise<DeviceResult<void>>;
}

function okOr<T>(out: HttpOutcome, read: (json: unknown) => T | null): DeviceResult<T> {
  const failure = classifyFailure(out);
  if (failure) return failure;
  if (out.kind !== 'response') throw new Error('unreachable');
  const value = read(out.json);
  if (value === null) return { kind: 'unknown', cause: 'unparseable', httpStatus: out.status, message: 'unreadable device response' };
  return { kind: 'ok', value, httpStatus: out.status };
}

const nothing = (): void => undefined;

export function createDeviceCalls(send: ConnectSender): DeviceCalls {
  const screen = async (path: string, body?: unknown) => okOr(await send({ method: 'POST', path, body }), nothing);

  async function receipt(kind: 'payments' | 'refunds', id: string, delivery: ReceiptDelivery) {
    const deliveryOption = receiptOption(delivery);
    return okOr(await send({ method: 'POST', path: `/v1/${kind}/${id}/receipt`, body: { deliveryOption } }), nothing);
  }

  return {
    async ping() {
      const out = await send({ method: 'POST', path: '/v1/device/ping', read: true });
      return okOr(out, (json) => ({ connected: isRecord(json) && json.connected === true }));
    },
    showWelcome: () => screen('/v1/device/welcome'),
    showThankYou: () => screen('/v1/device/thank-you'),
    async showMessage(text, options) {
      checkText(text, 'text', 500);
      return screen('/v1/device/display', { text, beep: options?.beep ?? false });
    },
    cancel: () => screen('/v1/device/cancel'),
    async reset() {
      return okOr(await send({ method: 'PUT', path: '/v1/device/reset' }), nothing);
    },
    async readTip({ baseAmount, tipSuggestions, timeoutSec }) {
      checkAmount(baseAmount, 'baseAmount');
      const suggestions = (tipSuggestions ?? []).map(checkSuggestion);
      const body = { baseAmount, ...(suggestions.length > 0 ? { tipSuggestions: suggestions } : {}) };
      const out = await send({ method: 'POST', path: '/v1/device/read-tip', body, interactive: true, timeoutSec });
      return okOr(out, (json) => {
        const tip = isRecord(json) ? json.response : undefined;
        return typeof tip === 'number' && Number.isSafeInteger(tip) && tip >= 0 ? { tipAmount: tip } : null;
      });
    },
    sendPaymentReceipt: async (paymentId, delivery) => receipt('payments', checkCloverId(paymentId, 'paymentId'), delivery),
    sendRefundReceipt: async (refundId, delivery) => receipt('refunds', checkCloverId(refundId, 'refundId'), delivery),
  };
}

function checkSuggestion(s: TipSuggestion): TipSuggestion {
  checkText(s.name, 'tipSuggestions.name', 40);
  if ('amount' in s) return { name: s.name, amount: checkAmount(s.amount, 'tipSuggestions.amount') };
  if (!Number.isFinite(s.percentage) || s.percentage <= 0 || s.percentage > 100) {
    throw new CloverInputError('tipSuggestions.percentage', 'tip percentage must be in (0, 100]');
  }
  return { name: s.name, percentage: s.percentage };
}

function receiptOption(delivery: ReceiptDelivery): { method: string; additionalData?: string } {
  switch (delivery.method) {
    case 'PRINT':
      return { method: 'PRINT' };
    case 'EMAIL':
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(delivery.email)) throw new CloverInputError('email', 'email address is not valid');
      return { method: 'EMAIL', additionalData: delivery.email };
    case 'SMS':
      if (!/^\+?[0-9 ()-]{7,20}$/.test(delivery.phone)) throw new CloverInputError('phone', 'phone number is not valid');
      return { method: 'SMS', additionalData: delivery.phone };
    default:
      throw new CloverInputError('deliveryOption', 'receipt method must be PRINT, EMAIL or SMS');
  }
}
