/**
 * The contract's operations and nothing else: a request whose method and raw path (see
 * requestTarget) name no operation gets 404. Sets `operation` and `target` for what follows.
 */
import { createMiddleware } from 'hono/factory';
import { matchOperation } from '../../contract/index.ts';
import { fail, requestTarget } from '../http.ts';
import type { ProxyEnv } from './env.ts';

export function matchContract() {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    const target = requestTarget(c);
    const operation = matchOperation(c.req.method, target.pathname);
    if (!operation) return fail(404, 'not_found', 'No such operation.');
    c.set('target', target);
    c.set('operation', operation);
    await next();
  });
}
