/**
 * The request's query and body against the contract (contract/validate.ts) before anything reaches
 * REVER: 400 when they do not match (a repeated JSON key included), 413 when the body is (declared
 * or found) too large, 415 when a body comes as anything but JSON in UTF-8. Bodies are read for
 * every method, so a DELETE or GET cannot smuggle one to REVER. Sets `body` to the canonical JSON
 * of what was checked (JSON.stringify), which is what forward sends: never the client's bytes;
 * and `bodyValue` to what was checked, parsed, so no later middleware parses it again.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { checkQuery, parseBody, takesBody } from '../../contract/validate.ts';
import { BodyTooLarge, fail, hasNoBody, readCapped } from '../http.ts';
import type { ProxyEnv } from './env.ts';

const encoder = new TextEncoder();

/** `application/json`, with no charset or UTF-8's (RFC 8259: JSON between systems is UTF-8). */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => {
    const [name, raw = ''] = param.split('=').map((s) => s.trim());
    if (name !== 'charset') return param === '';
    return raw.replace(/^"(.*)"$/, '$1') === 'utf-8';
  });
}

function invalid(c: Context<ProxyEnv>, why: string): Response {
  c.set('note', 'invalid_request');
  // The contract's own 400; the reason is the proxy's fixed text, never the request echoed.
  return fail(400, 'invalid_request', `The request does not match the contract (${why}).`);
}

function tooLarge(c: Context<ProxyEnv>): Response {
  c.set('note', 'payload_too_large');
  return fail(413, 'payload_too_large', 'Request body too large.');
}

export function requestChecks({ maxBodyBytes }: { maxBodyBytes: number }) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    const { id } = c.get('operation');
    const badQuery = checkQuery(id, c.get('target').search);
    if (badQuery) return invalid(c, `query: ${badQuery}`);
    // The declared length refuses early; the capped read catches a chunked or lying client.
    if (Number(c.req.header('content-length') ?? 0) > maxBodyBytes) return tooLarge(c);
    let body: Uint8Array<ArrayBuffer>;
    // Not read when there provably is none (reading materialises a whole Request on Node).
    if (hasNoBody(c)) body = new Uint8Array(new ArrayBuffer(0));
    else {
      try {
        body = await readCapped(c.req.raw.body, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) return tooLarge(c);
        throw error;
      }
    }
    if (body.byteLength && takesBody(id) && !isJsonContentType(c.req.header('content-type'))) {
      c.set('note', 'unsupported_media_type');
      return fail(415, 'unsupported_media_type', 'The body must be JSON (application/json).');
    }
    const parsed = parseBody(id, body);
    if (!parsed.ok) return invalid(c, `body: ${parsed.why}`);
    c.set('body', parsed.json === undefined ? new Uint8Array() : encoder.encode(parsed.json));
    c.set('bodyValue', parsed.value);
    await next();
  });
}
