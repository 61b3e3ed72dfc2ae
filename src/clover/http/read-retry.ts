// Repeats an idempotent READ (lookup, ping, Platform GET) after an indeterminate failure
// (dropped socket, 5xx). Never used for money calls: those are sent once and resolved by
// lookup. A client timeout is not repeated, so the total wait stays bounded.
import { classifyFailure } from '../classify';
import { sleep } from './backoff';
import type { HttpOutcome } from './transport';

export async function retryRead(send: () => Promise<HttpOutcome>, retries: number, delayMs: number): Promise<HttpOutcome> {
  let out = await send();
  for (let attempt = 1; attempt <= retries; attempt++) {
    const failure = classifyFailure(out);
    if (failure?.kind !== 'unknown' || failure.cause === 'client-timeout') break;
    await sleep(delayMs * attempt);
    out = await send();
  }
  return out;
}
