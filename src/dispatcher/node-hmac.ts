// The Node server's HMAC-SHA256 for signed states (RFC 2104 over node:crypto's one-shot
// SHA-256): H((K ^ opad) || H((K ^ ipad) || text)), with the padded keys worked out once per
// secret. In Node, WebCrypto queues each MAC on the thread pool and createHmac() sets up an
// OpenSSL MAC context per call; a forged state costs one MAC, so this sets how many the
// dispatcher can refuse. Workers keeps WebCrypto (signed-state.ts's default). The unit test
// checks every output against WebCrypto.
import { hash } from 'node:crypto';
import type { HmacSha256 } from '../shared/signed-state';

const BLOCK_BYTES = 64; // SHA-256's block size
// The dispatcher's secrets (current, previous), the till master key and one derived key per
// till in TILL_IDS: a few hundred at most.
const PADS_CACHE_LIMIT = 1024;

interface Pads {
  inner: Buffer;
  outer: Buffer;
}

const padsBySecret = new Map<string, Pads>();

function padsOf(secret: string): Pads {
  let pads = padsBySecret.get(secret);
  if (!pads) {
    let key = Buffer.from(secret, 'utf8');
    if (key.length > BLOCK_BYTES) key = hash('sha256', key, 'buffer');
    const block = Buffer.alloc(BLOCK_BYTES);
    key.copy(block);
    pads = { inner: Buffer.alloc(BLOCK_BYTES), outer: Buffer.alloc(BLOCK_BYTES) };
    for (let i = 0; i < BLOCK_BYTES; i++) {
      pads.inner[i] = block[i]! ^ 0x36;
      pads.outer[i] = block[i]! ^ 0x5c;
    }
    if (padsBySecret.size >= PADS_CACHE_LIMIT) padsBySecret.clear();
    padsBySecret.set(secret, pads);
  }
  return pads;
}

// Scratch space for pad || message: hash() is synchronous, so one buffer serves every call.
let scratch = Buffer.allocUnsafe(BLOCK_BYTES + 4096);

export const nodeHmac: HmacSha256 = (secret, text) => {
  const pads = padsOf(secret);
  const length = BLOCK_BYTES + Buffer.byteLength(text, 'utf8');
  if (scratch.length < length) scratch = Buffer.allocUnsafe(length);
  pads.inner.copy(scratch, 0);
  scratch.write(text, BLOCK_BYTES, 'utf8');
  const inner = hash('sha256', scratch.subarray(0, length), 'buffer');
  pads.outer.copy(scratch, 0);
  inner.copy(scratch, BLOCK_BYTES);
  return hash('sha256', scratch.subarray(0, BLOCK_BYTES + inner.length), 'buffer');
};
