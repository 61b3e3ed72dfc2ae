// Cloudflare Workers entry (wrangler.jsonc `main`). The config is parsed once per `env`
// object, not per request; a bad config answers 500 and says why in the Worker's log.
import { ConfigError, parseConfig, type DispatcherEnv } from './config';
import { consoleLogger, createDispatcher, type FetchHandler } from './handler';

const handlers = new WeakMap<object, FetchHandler | ConfigError>();

function handlerFor(env: DispatcherEnv): FetchHandler | ConfigError {
  let handler = handlers.get(env);
  if (!handler) {
    try {
      handler = createDispatcher(parseConfig(env), { logger: consoleLogger });
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
