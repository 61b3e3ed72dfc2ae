// Who may change what (issue 12) through the loopback web bridge over HTTP: the scenarios of
// test/support/manager-gate-cases.ts, each call a real POST with the bridge's token.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge } from '../../src/main/web/bridge';
import { createCounterHandlers } from '../../src/till/api/counter-handlers';
import { dispatchCall } from '../../src/till/api/dispatch-call';
import { describeManagerGate, type Answer } from '../support/manager-gate-cases';

describeManagerGate('over the web bridge', async (h) => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>');
  const handlers = createCounterHandlers(h.till);
  const bridge = await startBridge({ rendererDir, dispatch: (n, i) => dispatchCall(handlers, n, i), subscribe: (l) => h.till.events.on(l) });
  return {
    async call(name, body) {
      const res = await fetch(`${bridge.url}api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-counter-token': bridge.token }, body: JSON.stringify(body) });
      return (await res.json()) as Answer;
    },
    close: () => bridge.close(),
  };
});
