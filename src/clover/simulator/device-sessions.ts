// Per-device state: Pay Display app running or not, what the screen shows, the scripted customer
// actions, and the single FOREGROUND operation a Clover device runs at a time (§3.5).
import { CANCELLED_RESPONSE, DeviceOperation } from './device-operation';
import { json, type SimResponse } from './http-io';
import type { CustomerAction, DeviceScreen, SimDevice, SimDeviceState, SimMerchant } from './types';

export class DeviceSession {
  connected = true;
  screen: DeviceScreen = { kind: 'welcome' };
  script: CustomerAction[] = [];
  op: DeviceOperation | null = null;
  /** The device refuses back-to-back reuse of an external id (SDK `DUPLICATE`, §3.6). */
  lastExternalPaymentId: string | undefined;
  receipts: SimDeviceState['receipts'] = [];

  constructor(
    readonly merchantId: string,
    readonly device: SimDevice,
  ) {}

  get serial(): string {
    return this.device.serial;
  }

  /** 503 body while another foreground operation runs, else undefined. */
  busyResponse(): SimResponse | undefined {
    if (!this.op) return undefined;
    return json(503, {
      message: `Conflicting request (${this.op.name}) currently in progress for operation type: FOREGROUND`,
      type: 'RESOURCE_CONFLICT',
    });
  }

  /** Makes `op` the device's foreground operation until it settles. */
  run(op: DeviceOperation, action: CustomerAction): void {
    this.op = op;
    this.screen = { kind: 'operation', name: op.name };
    op.onSettled((response) => {
      if (this.op === op) this.op = null;
      const result = (response.body as { payment?: { result?: string } } | undefined)?.payment?.result;
      // The device shows the outcome until the POS sends welcome or thank-you (§3.3).
      this.screen = result ? { kind: 'result', name: op.name, status: response.status, result } : { kind: 'result', name: op.name, status: response.status };
    });
    op.begin(action);
  }

  /** PUT /device/reset: cancel everything, back to idle (D14). */
  reset(): void {
    this.op?.cancel('reset');
    this.screen = { kind: 'welcome' };
  }

  state(): SimDeviceState {
    const op = this.op;
    return {
      serial: this.serial,
      merchantId: this.merchantId,
      connected: this.connected,
      busy: op !== null,
      ...(op && op.phase !== 'done'
        ? { operation: { name: op.name, phase: op.phase, waiters: op.waiters, ...(op.externalPaymentId ? { externalPaymentId: op.externalPaymentId } : {}) } }
        : {}),
      screen: this.screen,
      scripted: [...this.script],
      receipts: [...this.receipts],
    };
  }
}

export class DeviceRegistry {
  private readonly bySerial = new Map<string, DeviceSession>();

  constructor(merchants: SimMerchant[]) {
    for (const m of merchants) for (const d of m.devices) this.bySerial.set(d.serial, new DeviceSession(m.id, d));
  }

  get(serial: string | undefined): DeviceSession | undefined {
    return serial === undefined ? undefined : this.bySerial.get(serial);
  }

  /** Throws for control calls naming a device that does not exist. */
  require(serial: string): DeviceSession {
    const session = this.bySerial.get(serial);
    if (!session) throw new Error(`unknown device serial ${serial}`);
    return session;
  }

  all(): DeviceSession[] {
    return [...this.bySerial.values()];
  }

  /** Merchant-wide: is a payment with this external id being taken right now (D12 -> 503)? */
  inFlight(merchantId: string, externalPaymentId: string): DeviceOperation | undefined {
    for (const s of this.bySerial.values()) {
      if (s.merchantId === merchantId && s.op?.externalPaymentId === externalPaymentId) return s.op;
    }
    return undefined;
  }

  /** Back to power-on state; a running operation is answered 209 first. */
  resetAll(): void {
    for (const s of this.bySerial.values()) {
      s.op?.abort(CANCELLED_RESPONSE);
      s.op = null;
      s.connected = true;
      s.screen = { kind: 'welcome' };
      s.script = [];
      s.lastExternalPaymentId = undefined;
      s.receipts = [];
    }
  }
}
