/** Session tokens for proxy tests: minted with the proxy's own signer and a test secret. */
import { createSessionSigner } from '../../../proxy/session.ts';

export const SESSION_SECRET = 'test-session-secret-0123456789-abcdef';

const signer = createSessionSigner([SESSION_SECRET], 3600);

/** A valid token for a return and its orders, as the proxy would issue on an intent. */
export function sessionFor(returnId: string, orderIds: string[] = ['o1', 'o2']): Promise<string> {
  return signer.sign({ returnId, orderIds });
}
