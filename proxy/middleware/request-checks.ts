/**
 * The request's query and body against the contract (contract/validate.ts) before anything reaches
 * REVER: 400 when they do not match, 413 when the body is (declared or found) too large. Bodies
 * are read for every method, so a DELETE or GET cannot smuggle one to REVER. Sets `body`.
 */
import { createMiddleware } from 'hono/factory';
import { checkBody, checkQuery } from '../../contract/validate.ts';
import { BodyTooLarge, fail, hasNoBody, readCapped } from '../http.ts';
import type { ProxyEnv } from './env.ts';

export function requestChecks({ maxBodyBytes }: { maxBodyBytes: number }) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    const invalid = (why: string) => {
      c.set('note', 'invalid_request');
      // The contract's own 400; the reason is the proxy's fixed text, never the request echoed.
      return fail(400, 'invalid_request', `The request does not match the contract (${why}).`);
    };
    const tooLarge = () => {
      c.set('note', 'payload_too_large');
      return fail(413, 'payload_too_large', 'Request body too large.');
    };
    const { id } = c.get('operation');
    const badQuery = checkQuery(id, c.get('target').search);
    if (badQuery) return invalid(`query: ${badQuery}`);
    // The declared length refuses early; the capped read catches a chunked or lying client.
    if (Number(c.req.header('content-length') ?? 0) > maxBodyBytes) return tooLarge();
    let body: Uint8Array<ArrayBuffer>;
    // Not read when there provably is none (reading materialises a whole Request on Node).
    if (hasNoBody(c)) body = new Uint8Array(new ArrayBuffer(0));
    else {
      try {
        body = await readCapped(c.req.raw.body, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) return tooLarge();
        throw error;
      }
    }
    const badBody = checkBody(id, body);
    if (badBody) return invalid(`body: ${badBody}`);
    c.set('body', body);
    await next();
  });
}
