// REST Pay device screens and control (§3.2): ping, cancel and reset work while a payment runs;
// display, welcome, thank-you, read-tip and printers are foreground calls refused with 503 then.
import { isIntIn, isObject, json, type Route, type SimResponse } from './http-io';
import { restPayError, type ConnectCall } from './paydisplay-gate';
import { connect } from './payment-routes';
import type { SimContext } from './sim-context';
import type { DeviceScreen } from './types';

function show(call: ConnectCall, screen: DeviceScreen): SimResponse {
  const busy = call.device.busyResponse();
  if (busy) return busy;
  call.device.screen = screen;
  return json(200, {});
}

function display(call: ConnectCall): SimResponse {
  const { text, beep } = call.body;
  if (typeof text !== 'string' || text.length > 1000) return restPayError(400, 'INVALID_REQUEST', 'text is required');
  if (beep !== undefined && typeof beep !== 'boolean') return restPayError(400, 'INVALID_REQUEST', 'beep must be a boolean');
  return show(call, { kind: 'display', text });
}

/** The customer picks the first suggestion; scripted tips are not modelled. */
function readTip(call: ConnectCall): SimResponse {
  const { baseAmount, tipSuggestions } = call.body;
  if (!isIntIn(baseAmount, 1, 999_999_999)) return restPayError(400, 'INVALID_REQUEST', 'baseAmount must be an integer from 1 to 999999999');
  if (tipSuggestions !== undefined && !Array.isArray(tipSuggestions)) return restPayError(400, 'INVALID_REQUEST', 'tipSuggestions must be an array');
  const busy = call.device.busyResponse();
  if (busy) return busy;
  const first: unknown = Array.isArray(tipSuggestions) ? tipSuggestions[0] : undefined;
  let tip = 0;
  if (isObject(first)) {
    if (isIntIn(first.amount, 0, 999_999_999)) tip = first.amount;
    else if (typeof first.percentage === 'number' && first.percentage >= 0) tip = Math.round((baseAmount * first.percentage) / 100);
  }
  return json(200, { response: tip });
}

function cancel(call: ConnectCall): SimResponse {
  call.device.op?.cancel('pos');
  if (!call.device.op) call.device.screen = { kind: 'welcome' };
  return json(200, {});
}

export function deviceRoutes(sim: SimContext): Route[] {
  const D = (name: string): RegExp => new RegExp(`^/connect/v1/device/${name}$`);
  return [
    { method: 'POST', pattern: D('ping'), handle: connect(sim, () => json(200, { connected: true })) },
    { method: 'POST', pattern: D('display'), handle: connect(sim, (_c, call) => display(call)) },
    { method: 'POST', pattern: D('welcome'), handle: connect(sim, (_c, call) => show(call, { kind: 'welcome' })) },
    { method: 'POST', pattern: D('thank-you'), handle: connect(sim, (_c, call) => show(call, { kind: 'thank-you' })) },
    { method: 'POST', pattern: D('cancel'), handle: connect(sim, (_c, call) => cancel(call)) },
    {
      method: 'PUT',
      pattern: D('reset'),
      handle: connect(sim, (_c, call) => {
        call.device.reset();
        return json(200, {});
      }),
    },
    { method: 'POST', pattern: D('read-tip'), handle: connect(sim, (_c, call) => readTip(call)) },
    {
      method: 'POST',
      pattern: D('printers'),
      handle: connect(sim, () => json(200, { printers: [{ id: 'SIMPRINTER001', name: 'Mini', type: 'LOCAL' }] })),
    },
  ];
}
