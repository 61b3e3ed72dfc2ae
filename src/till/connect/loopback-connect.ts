// Connect this till to Clover: PKCE with a loopback redirect (127.0.0.1, a random port, the
// state checked), the system browser opened or the URL handed to the caller to print. The
// merchant id comes from the redirect. Optionally through the OAuth dispatcher, whose signed
// state wraps our loopback URL (clover-api.md §11).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloverClient } from '../../clover';
import { signState } from '../../shared/signed-state';

export interface LoopbackConnectOptions {
  clover: CloverClient;
  /** Shown to the user or opened in the browser. */
  onAuthorizeUrl: (url: string) => void | Promise<void>;
  timeoutMs?: number;
  /** Through the dispatcher: its callback URL and this till's credential, `<till id>.<key>`. */
  dispatcher?: { callbackUrl: string; secret: string };
  signal?: AbortSignal;
}

export class ConnectError extends Error {
  override readonly name = 'ConnectError';
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font:16px system-ui;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

export async function connectWithLoopback(options: LoopbackConnectOptions): Promise<{ merchantId: string }> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const loopback = `http://127.0.0.1:${port}/clover/callback`;
  try {
    let redirectUri = loopback;
    let state: string | undefined;
    if (options.dispatcher) {
      // Clover redirects to the dispatcher, which checks our signed state and forwards here.
      redirectUri = options.dispatcher.callbackUrl;
      const { tillId, key } = tillCredential(options.dispatcher.secret);
      // The till names itself; the dispatcher holds the state against this till's own key.
      state = await signState({ redirect_to: loopback, customer: `till:${tillId}` }, key);
    }
    const attempt = options.clover.oauth.begin({ redirectUri, ...(state ? { state } : {}) });
    const callback = new Promise<string>((resolve, reject) => {
      server.on('request', (req, res) => {
        const url = new URL(req.url ?? '/', loopback);
        if (req.method !== 'GET' || url.pathname !== '/clover/callback') {
          res.writeHead(404).end();
          return;
        }
        if (url.searchParams.get('state') !== attempt.state) {
          // Not our attempt (or forged): refuse and keep waiting for the real one.
          res.writeHead(400, { 'content-type': 'text/html' }).end(PAGE('Not this till', 'This sign-in does not belong to this till.'));
          return;
        }
        res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE('Connected', 'You can close this window and return to the counter.'));
        resolve(url.toString());
      });
      const timer = setTimeout(() => reject(new ConnectError('no answer from Clover sign-in in time; run connect again')), options.timeoutMs ?? 300_000);
      timer.unref();
      options.signal?.addEventListener('abort', () => reject(new ConnectError('connect cancelled')));
    });
    await options.onAuthorizeUrl(attempt.url);
    const redirected = await callback;
    return await options.clover.oauth.complete(attempt, redirected);
  } finally {
    server.close();
    server.closeAllConnections();
  }
}

/**
 * The dispatcher's `till-key <id>` prints `<id>.<key>`: one key per till (src/dispatcher/README.md),
 * so a key taken from one till cannot sign for another, and removing an id revokes that till.
 */
function tillCredential(credential: string): { tillId: string; key: string } {
  const dot = credential.indexOf('.');
  const tillId = dot > 0 ? credential.slice(0, dot) : '';
  const key = dot > 0 ? credential.slice(dot + 1) : '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(tillId) || key.length < 32) {
    throw new ConnectError('the dispatcher credential must be this till\'s own `<till id>.<key>` (run `npm run dispatcher -- till-key <id>` where the dispatcher runs, then `counter secret set dispatcher` here)');
  }
  return { tillId, key };
}
