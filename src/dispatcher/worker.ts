// Cloudflare Workers entry (wrangler.jsonc `main`). The config is parsed once per `env`
// object, not per request; a bad config answers 500 and says why in the Worker's log.
// Used nonces live in the DISPATCHER_NONCES KV namespace (required: without it a state could
// be replayed); verification challenges are limited by the VERIFICATION_RATE_LIMITER binding
// when there is one, else per isolate in memory. (A Worker module exports its handler only.)
import { cloudflareSource } from './client-source';
import { ConfigError, parseConfig, type DispatcherEnv } from './config';
import { consoleLogger, createDispatcher, type FetchHandler } from './handler';
import { isKvNamespace, kvNonceStore } from './kv-nonce-store';
import { bindingRateLimiter, isRateLimitBinding } from './rate-limiter';

const NONCES_BINDING = 'DISPATCHER_NONCES';
const VERIFICATION_LIMITER_BINDING = 'VERIFICATION_RATE_LIMITER';

const handlers = new WeakMap<object, FetchHandler | ConfigError>();

function handlerFor(env: DispatcherEnv): FetchHandler | ConfigError {
  let handler = handlers.get(env);
  if (!handler) {
    try {
      const config = parseConfig(env);
      const kv = env[NONCES_BINDING];
      if (!isKvNamespace(kv)) throw new ConfigError([`the ${NONCES_BINDING} KV binding is missing (kv_namespaces in wrangler.jsonc): without it a state could be used twice`]);
      const limiter = env[VERIFICATION_LIMITER_BINDING];
      handler = createDispatcher(config, {
        logger: consoleLogger,
        nonces: kvNonceStore(kv),
        sourceOf: cloudflareSource,
        ...(isRateLimitBinding(limiter) ? { verificationLimiter: bindingRateLimiter(limiter) } : {}),
      });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      console.error(e.message);
      handler = e;
    }
    handlers.set(env, handler);
  }
  return handler;
}

export default {
  async fetch(request: Request, env: DispatcherEnv): Promise<Response> {
    const handler = handlerFor(env);
    if (handler instanceof ConfigError) return new Response('dispatcher misconfigured\n', { status: 500 });
    return handler(request);
  },
};
