// How a `counter` command says it failed: one JSON object on stdout with --json, else one line
// on stderr (a multi-line message joined, so scripts can grep it).
export function printError(json: boolean, code: string, message: string): void {
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
  else process.stderr.write(`counter: ${message.split('\n').join('; ')}\n`);
}
