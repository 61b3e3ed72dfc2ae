// The simulator's authorize page approves at once (there is no merchant to log in), so the
// till runs the real PKCE flow headlessly: open the authorize URL, take the redirect, complete.
import type { CloverClient } from '../../clover';

const CALLBACK = 'http://127.0.0.1:9/clover/callback'; // never contacted: we read the Location

export async function connectToSimulator(clover: CloverClient): Promise<string> {
  const attempt = clover.oauth.begin({ redirectUri: CALLBACK });
  const response = await fetch(attempt.url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`the simulator did not redirect the authorization (HTTP ${response.status})`);
  const { merchantId } = await clover.oauth.complete(attempt, location);
  return merchantId;
}
