// node:http's request as the handler sees a request (DispatchRequest): url, method, headers
// and a body stream, without building a WHATWG Request, Headers and URL string per call.
// Header lookups follow Headers#get (case-insensitive, repeated fields joined with ", ").
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DispatchRequest } from './handler';

const VALID_HOST_HEADER = /^[A-Za-z0-9.:[\]-]{1,255}$/;

class RawHeaders {
  private byName: Map<string, string> | undefined;

  constructor(private readonly raw: readonly string[]) {}

  get(name: string): string | null {
    if (!this.byName) {
      // One pass on first use; a request is asked for a few headers, each once or twice.
      this.byName = new Map();
      for (let i = 0; i + 1 < this.raw.length; i += 2) {
        const key = this.raw[i]!.toLowerCase();
        const seen = this.byName.get(key);
        this.byName.set(key, seen === undefined ? this.raw[i + 1]! : `${seen}, ${this.raw[i + 1]!}`);
      }
    }
    return this.byName.get(name.toLowerCase()) ?? null;
  }
}

class NodeRequest implements DispatchRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: RawHeaders;
  private stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly expectsContinue: boolean,
  ) {
    const path = req.url ?? '';
    if (!path.startsWith('/')) throw new Error('request target must be a path');
    const hostHeader = req.headers.host;
    const host = hostHeader && VALID_HOST_HEADER.test(hostHeader) ? hostHeader : 'localhost';
    this.url = `http://${host}${path}`;
    this.method = req.method ?? 'GET';
    this.headers = new RawHeaders(req.rawHeaders);
  }

  /** The socket's peer (the client, or the proxy in front of this server). */
  get remoteAddress(): string | undefined {
    return this.req.socket.remoteAddress;
  }

  /** Made on first use: most requests (GET) never ask for it. */
  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.stream === undefined) {
      const hasBody = this.method !== 'GET' && this.method !== 'HEAD';
      this.stream = hasBody ? bodyStream(this.req, this.res, this.expectsContinue) : null;
    }
    return this.stream;
  }
}

/** Throws when the request target is not a path (the caller answers 400). */
export function toDispatchRequest(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): DispatchRequest {
  return new NodeRequest(req, res, expectsContinue);
}

/**
 * The request body as a pull-only stream: nothing is read from the socket (and no
 * `100 Continue` is sent) until the handler asks, so a refused body is never read.
 */
function bodyStream(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): ReadableStream<Uint8Array<ArrayBuffer>> {
  return new ReadableStream<Uint8Array<ArrayBuffer>>(new IncomingBody(req, res, expectsContinue), { highWaterMark: 0 });
}

/** The source behind bodyStream(). A class, so a request allocates one object, not a set of closures. */
class IncomingBody implements UnderlyingDefaultSource<Uint8Array<ArrayBuffer>> {
  private started = false;
  private failure: Error | undefined;
  /** Settled by the next 'readable', 'end', 'error' or 'close'; one waiter at a time (pulls never overlap). */
  private wake: (() => void) | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly expectsContinue: boolean,
  ) {}

  private readonly notify = (): void => {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  };

  private readonly fail = (error: Error): void => {
    this.failure = error;
    this.notify();
  };

  async pull(controller: ReadableStreamDefaultController<Uint8Array<ArrayBuffer>>): Promise<void> {
    const req = this.req;
    if (!this.started) {
      this.started = true;
      if (this.expectsContinue) this.res.writeContinue();
      req.on('readable', this.notify).on('end', this.notify).on('error', this.fail).on('close', this.notify);
    }
    for (;;) {
      if (this.failure) throw this.failure;
      const chunk = req.read() as Buffer | null;
      if (chunk !== null) {
        controller.enqueue(new Uint8Array(chunk.buffer as ArrayBuffer, chunk.byteOffset, chunk.byteLength));
        // The parser has the whole message and nothing is left buffered: this was the last
        // chunk, so close now rather than wait a turn for 'end' (a webhook is one chunk).
        if (req.complete && req.readableLength === 0) controller.close();
        return;
      }
      if (req.readableEnded || (req.complete && req.readableLength === 0)) {
        controller.close();
        return;
      }
      if (req.destroyed) throw new Error('request body aborted');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Cancelling must not destroy the socket before the answer is written; handle() hangs up. */
  cancel(): void {}
}
