// wrk (Debian package `wrk`) as the load generator: a separate, C process, so the load costs
// the measured Node thread nothing but the kernel's share. Absent wrk, benchmarks fall back
// to an in-process client and say so.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WrkRun {
  requests: number;
  perSec: number;
  p50: number;
  p99: number;
  /** Answers outside 2xx/3xx. */
  non2xx: number;
  /** Connect/read/write/timeout errors. */
  socketErrors: number;
}

export interface WrkRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** Runs wrk (one thread, `connections` keep-alive connections) for `seconds` (whole seconds: wrk takes no fractions). */
export async function runWrk(request: WrkRequest, connections: number, seconds: number): Promise<WrkRun> {
  const dir = mkdtempSync(join(tmpdir(), 'wrk-'));
  try {
    const script = join(dir, 'request.lua');
    const lua = [`wrk.method = ${JSON.stringify(request.method ?? 'GET')}`];
    if (request.body !== undefined) lua.push(`wrk.body = ${luaString(request.body)}`);
    for (const [name, value] of Object.entries(request.headers ?? {})) lua.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
    writeFileSync(script, `${lua.join('\n')}\n`);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${Math.max(1, Math.round(seconds))}s`, '--latency', '-s', script, request.url], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
    });
    return parseWrk(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Lua string literal. JSON's escapes are Lua's too for ASCII; anything else is refused. */
function luaString(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error('wrk requests here are printable ASCII only');
  return JSON.stringify(text);
}

function parseWrk(out: string): WrkRun {
  const num = (re: RegExp): number => {
    const m = re.exec(out);
    return m ? Number(m[1]) : 0;
  };
  const ms = (label: string): number => {
    const m = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out);
    if (!m) return NaN;
    const value = Number(m[1]);
    return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
  };
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requests: num(/^\s*(\d+) requests in/m),
    perSec: num(/^Requests\/sec:\s+([\d.]+)/m),
    p50: ms('50'),
    p99: ms('99'),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    socketErrors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}
