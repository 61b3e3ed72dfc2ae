// The one gate every call from a UI passes (the IPC handler and the web bridge both use it):
// a known call name, an input that parses against the contract's schema, then the handler.
// Whatever happens comes back as ApiResult; a schema failure writes nothing.
import { callSchemas, type CallName, type CounterHandlers } from '../../shared/contract/calls';
import type { ApiResult } from '../../shared/contract/result';
import type { Logger } from '../../shared/logger';
import { toApiError } from './to-api-error';

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(callSchemas, name);
}

export async function dispatchCall(handlers: CounterHandlers, name: unknown, input: unknown, logger?: Logger): Promise<ApiResult<unknown>> {
  if (!isCallName(name)) return { ok: false, error: { code: 'BAD_INPUT', message: `Unknown call ${JSON.stringify(String(name)).slice(0, 80)}` } };
  const parsed = callSchemas[name].safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Never echo the input back: it may hold a card number.
    return { ok: false, error: { code: 'BAD_INPUT', message: `${name}: ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` } };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.code === 'INTERNAL') logger?.log('error', `call ${name} failed`, { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    return { ok: false, error: apiError };
  }
}
