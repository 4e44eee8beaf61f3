/**
 * One log line per request: `METHOD /path STATUS 12ms [note]`. Printable, bounded, without the
 * query (it names orders), with the key scrubbed even though no line is built from anything that
 * should hold it. Outermost, so it sees every answer, the proxy's own errors included.
 */
import { createMiddleware } from 'hono/factory';
import { requestTarget } from '../http.ts';
import type { ProxyEnv } from './env.ts';

export function logRequests(logger: ((line: string) => void) | undefined, apiKey: string) {
  // A logger that throws must not turn a good answer into a 500.
  const log = (line: string) => {
    try {
      logger?.(line.includes(apiKey) ? line.split(apiKey).join('[redacted]') : line);
    } catch {
      /* logging is best effort */
    }
  };
  return createMiddleware<ProxyEnv>(async (c, next) => {
    const started = Date.now();
    await next();
    // matchContract has split the target already, unless the request went no further.
    const path = (c.get('target') ?? requestTarget(c)).pathname
      .slice(0, 200)
      .replace(/[^\x21-\x7e]/g, '?');
    const note = c.get('note');
    log(
      `${c.req.method} ${path} ${c.res.status} ${Date.now() - started}ms${note ? ` ${note}` : ''}`,
    );
  });
}
