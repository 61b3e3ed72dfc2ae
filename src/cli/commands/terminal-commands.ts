// terminals sync | list | ping <serial> | default <serial> | rename <serial> <name>
import type { Command } from 'commander';
import { type CliContext, CliExit, EXIT } from '../cli-context';
import { terminalLine } from '../format';

export function registerTerminalCommands(program: Command, ctx: () => CliContext): void {
  const terminals = program.command('terminals').description('Clover terminals of this till');
  const show = (c: CliContext, list: Awaited<ReturnType<CliContext['call']>> & unknown[]) =>
    c.print({ terminals: list }, list.length ? (list as Parameters<typeof terminalLine>[0][]).map(terminalLine) : 'No terminals: run `counter terminals sync`.');

  terminals.command('sync').description('fetch the device list from Clover').action(async () => {
    const c = ctx();
    show(c, await c.call('terminals.sync', {}));
  });
  terminals.command('list').description('list terminals').action(async () => {
    const c = ctx();
    show(c, await c.call('terminals.list', {}));
  });
  terminals.command('ping').argument('<serial>').description('check that the terminal answers').action(async (serial: string) => {
    const c = ctx();
    const t = await c.call('terminals.ping', { serial });
    c.print({ terminal: t }, terminalLine(t));
    if (!t.connected) throw new CliExit(EXIT.refused);
  });
  terminals.command('default').argument('<serial>').description('make it the default terminal').action(async (serial: string) => {
    const c = ctx();
    show(c, await c.call('terminals.setDefault', { serial }));
  });
  terminals.command('rename').argument('<serial>').argument('<name>').description('name it locally').action(async (serial: string, name: string) => {
    const c = ctx();
    show(c, await c.call('terminals.rename', { serial, name }));
  });
}
