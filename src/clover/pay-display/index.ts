// REST Pay Display for one device of one merchant.
import { checkDeviceSerial } from '../validate';
import { createDeviceCalls, type DeviceCalls } from './device';
import { createPaymentCalls, type PaymentCalls } from './payments';
import { createConnectSender, type PayDisplayOptions } from './request';

export type PayDisplay = DeviceCalls & PaymentCalls & { readonly deviceSerial: string };

export function createPayDisplay(options: PayDisplayOptions, deviceSerial: string): PayDisplay {
  const serial = checkDeviceSerial(deviceSerial);
  const send = createConnectSender(options, serial);
  return { deviceSerial: serial, ...createDeviceCalls(send), ...createPaymentCalls(send) };
}

export type { PayDisplayOptions } from './request';
export type { DeviceCalls, ReceiptDelivery, TipSuggestion } from './device';
export type { PaymentCalls, PaymentRequest, SaleRequest, CaptureValue, RefundValue, VoidValue, CreditValue, TipAdjustValue } from './payments';
export type { PaymentApproval, PaymentResult } from './classify-payment';
export type { CloverPayment } from './payment';
