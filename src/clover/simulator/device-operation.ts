// One foreground operation on a device (payment, credit, refund, void, ...). It lives apart from
// the HTTP request that started it: the request may time out (504) or vanish, the customer still
// finishes on the device, and a resend with the same Idempotency-Key picks the result up (D5, D14).
import { json, type SimResponse } from './http-io';
import type { CustomerAction } from './types';

export type ApproveAction = Extract<CustomerAction, { kind: 'approve' | 'partial' }>;

/** What the operation does to the simulator's books at each step. */
export interface OperationHandlers {
  /** The card is authorized: money moves here. */
  authorize(action: ApproveAction): void;
  /** The response once the customer is done after authorization. */
  finish(): SimResponse;
  /** The customer's card was declined (200 + result FAIL, D13). */
  decline(): SimResponse;
  /** A reset or device stop after authorization voids the payment (D14). */
  voidAuthorized(reason: string): void;
}

export type CancelSource = 'customer' | 'pos' | 'reset';

export const CANCELLED_RESPONSE: SimResponse = json(209, { message: 'The operation was canceled', type: 'CANCELED' });
export const DEVICE_TIMEOUT_RESPONSE: SimResponse = json(504, { message: 'Device did not respond in time', type: 'TIMEOUT' });
export const DEVICE_NOT_CONNECTED: SimResponse = json(504, { message: 'Device not connected' });

type SettledListener = (response: SimResponse, keep: boolean) => void;

export class DeviceOperation {
  phase: 'waiting' | 'authorized' | 'done' = 'waiting';
  /** HTTP requests currently waiting for this operation. */
  waiters = 0;
  final: SimResponse | undefined;
  readonly done: Promise<SimResponse>;
  private resolveDone!: (r: SimResponse) => void;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: SettledListener[] = [];

  constructor(
    readonly name: string,
    private readonly handlers: OperationHandlers,
    readonly externalPaymentId?: string,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** `keep` is false when the outcome must not be replayed under the idempotency key. */
  onSettled(listener: SettledListener): void {
    this.listeners.push(listener);
  }

  /** Starts the customer's part: immediately, after the action's delay, or never ('hold'). */
  begin(action: CustomerAction): void {
    if (action.kind === 'hold') return;
    const delay = action.delayMs ?? 0;
    if (delay > 0) {
      this.timer = setTimeout(() => {
        try {
          this.apply(action);
        } catch (err) {
          // A timer has no request to answer: log instead of taking the process down.
          console.error('clover-sim: scripted action failed', err instanceof Error ? err.message : err);
        }
      }, delay);
      this.timer.unref();
    } else {
      this.apply(action);
    }
  }

  /** The customer acts now (also control.act()). */
  apply(action: CustomerAction): void {
    if (this.phase === 'done' || action.kind === 'hold') return;
    this.clearTimer();
    switch (action.kind) {
      case 'approve':
      case 'partial':
        if (this.phase === 'waiting') {
          this.handlers.authorize(action);
          this.phase = 'authorized';
          if (action.kind === 'approve' && action.holdAfterAuth) return;
        }
        this.settle(this.handlers.finish(), true);
        return;
      case 'decline':
        if (this.phase === 'authorized') {
          this.handlers.voidAuthorized('REJECT_SIGNATURE');
          this.settle(CANCELLED_RESPONSE, true);
        } else {
          this.settle(this.handlers.decline(), true);
        }
        return;
      case 'cancel':
        this.cancel('customer');
    }
  }

  /** Returns false when the cancel had no effect (a POS cancel after authorization, §3.6). */
  cancel(source: CancelSource): boolean {
    if (this.phase === 'done') return false;
    if (this.phase === 'authorized') {
      if (source === 'pos') return false;
      this.handlers.voidAuthorized(source === 'reset' ? 'USER_CANCEL' : 'USER_CUSTOMER_CANCEL');
    }
    this.settle(CANCELLED_RESPONSE, true);
    return true;
  }

  /** The Pay Display app stopped: nothing is replayable, an authorized payment is voided. */
  abort(response: SimResponse = DEVICE_NOT_CONNECTED): void {
    if (this.phase === 'done') return;
    if (this.phase === 'authorized') this.handlers.voidAuthorized('TRANSPORT_ERROR');
    this.settle(response, false);
  }

  private settle(response: SimResponse, keep: boolean): void {
    this.clearTimer();
    this.phase = 'done';
    this.final = response;
    for (const listener of this.listeners) listener(response, keep);
    this.resolveDone(response);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * Waits for the operation on behalf of one HTTP request: its final response, or 504 after
 * `timeoutSec` (0 = no Remote Pay timeout) while the operation itself keeps running.
 */
export function awaitOperation(op: DeviceOperation, timeoutSec: number, signal: AbortSignal): Promise<SimResponse> {
  if (op.final) return Promise.resolve(op.final);
  op.waiters++;
  return new Promise<SimResponse>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (response: SimResponse): void => {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      op.waiters--;
      resolve(response);
    };
    let finished = false;
    const once = (response: SimResponse): void => {
      if (finished) return;
      finished = true;
      finish(response);
    };
    const onAbort = (): void => once(DEVICE_TIMEOUT_RESPONSE);
    if (timeoutSec > 0) {
      timer = setTimeout(() => once(DEVICE_TIMEOUT_RESPONSE), timeoutSec * 1000);
      timer.unref();
    }
    if (signal.aborted) return once(DEVICE_TIMEOUT_RESPONSE);
    signal.addEventListener('abort', onAbort);
    void op.done.then(once);
  });
}
