/**
 * OPTIONS: a CORS preflight from an allowed origin gets the methods the contract has at that path;
 * a plain OPTIONS (no Origin: curl, a monitor) gets `allow`; a foreign origin gets 403.
 */
import type { Context } from 'hono';
import {
  CUSTOMER_TOKEN_HEADER,
  matchOperation,
  OPERATIONS,
  SESSION_HEADER,
} from '../../contract/index.ts';
import { fail, requestTarget } from '../http.ts';
import type { ProxyEnv } from './env.ts';

/** The methods the contract uses at all, in the order preflights list them. */
const CONTRACT_METHODS = [...new Set(Object.values(OPERATIONS).map((op) => op.method))];
/** Headers a browser may send (CORS). */
const ALLOWED_REQUEST_HEADERS = `content-type, ${CUSTOMER_TOKEN_HEADER}, ${SESSION_HEADER}`;

/** The methods of the contract's operations at a path, for preflights and `allow`. */
function methodsAt(pathname: string): string[] {
  return CONTRACT_METHODS.filter((method) => matchOperation(method, pathname));
}

export function preflight(isAllowed: (origin: string) => boolean) {
  return (c: Context<ProxyEnv>): Response => {
    const methods = methodsAt(requestTarget(c).pathname);
    if (!methods.length) return fail(404, 'not_found', 'No such operation.');
    const origin = c.req.header('origin');
    if (origin === undefined) {
      return new Response(null, { status: 204, headers: { allow: methods.join(', ') } });
    }
    if (!isAllowed(origin)) {
      c.set('note', 'origin_not_allowed');
      return fail(403, 'forbidden', 'Origin not allowed.');
    }
    return new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-methods': methods.join(', '),
        'access-control-allow-headers': ALLOWED_REQUEST_HEADERS,
        'access-control-max-age': '600',
      },
    });
  };
}
