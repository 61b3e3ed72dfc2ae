// Ctrl-C while `counter pay` waits for the customer: the sale is cancelled on the terminal and
// the command exits with its real outcome; a second Ctrl-C leaves at once, outcome unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloverSimulator } from '../../src/clover/simulator';
import { CounterCli, startCliStack } from '../support/cli-runner';
import { SERIAL } from '../support/till-harness';

let sim: CloverSimulator;
let cli: CounterCli;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, cli, close } = await startCliStack());
});
afterAll(async () => close?.());

const charges = () => sim.control.payments().filter((p) => p.kind === 'payment');

/** `counter pay` in the background, held at the terminal; resolves once it waits for the customer. */
async function payHeld(amount: string) {
  const child = cli.start(['pay', amount]);
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (out.stdout += d));
  child.stderr!.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await until(() => sim.control.device(SERIAL).busy === true && out.stderr.includes('waiting for the customer'));
  return { child, out, exited, json: () => JSON.parse(out.stdout.trim().split('\n').pop()!) as Record<string, unknown> };
}

describe('counter pay and Ctrl-C', () => {
  it('says what it waits for, and Ctrl-C cancels the sale on the terminal: no payment, exit 1', async () => {
    sim.control.script(SERIAL, { kind: 'hold' });
    const before = charges().length;
    const pay = await payHeld('42.00');
    expect(pay.out.stderr).toMatch(/Sale #\d+: 42\.00 USD on .*\(C0SIM0000001\): waiting for the customer… Ctrl-C cancels/);
    pay.child.kill('SIGINT');
    expect(await pay.exited).toBe(1);
    expect(pay.json()).toMatchObject({ ok: true, sale: { state: 'cancelled', moneyMoved: 'no' } });
    expect(pay.out.stderr).toMatch(/Cancelling sale #\d+ on the terminal/);
    expect(sim.control.device(SERIAL).busy).toBe(false);
    expect(charges().length).toBe(before);
    // Nothing left open: the next sale may start.
    expect((await cli.run(['recover'])).code).toBe(0);
  });

  it('the customer had already paid: the cancel changes nothing and it exits 0, approved', async () => {
    sim.control.script(SERIAL, { kind: 'approve', holdAfterAuth: true });
    const pay = await payHeld('17.00');
    pay.child.kill('SIGINT');
    await until(() => pay.out.stderr.includes('Cancelling sale'));
    await new Promise((r) => setTimeout(r, 1_500)); // the POS cancel reaches a terminal past authorization
    sim.control.act(SERIAL, { kind: 'approve' });
    expect(await pay.exited).toBe(0);
    expect(pay.json()).toMatchObject({ sale: { state: 'approved', total: 1700, moneyMoved: 'yes' } });
  });

  it('a second Ctrl-C exits at once with 3, outcome unknown; `counter recover` settles it', async () => {
    sim.control.script(SERIAL, { kind: 'approve', holdAfterAuth: true });
    const pay = await payHeld('23.00');
    pay.child.kill('SIGINT');
    await until(() => pay.out.stderr.includes('Cancelling sale'));
    pay.child.kill('SIGINT');
    expect(await pay.exited).toBe(3);
    expect(pay.json()).toMatchObject({ ok: false, error: { code: 'OUTCOME_UNKNOWN', message: expect.stringContaining('`counter recover`') } });
    // The customer finishes after the command left; recover records what Clover did.
    sim.control.act(SERIAL, { kind: 'approve' });
    await until(() => sim.control.device(SERIAL).busy === false);
    const recovered = await cli.run(['recover']);
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(recovered.json.resolved).toEqual([expect.objectContaining({ state: 'approved', total: 2300 })]);
  });
});

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

