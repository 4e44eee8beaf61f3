/**
 * One call to REVER as the forward step (middleware/forward.ts) makes it, and the answer it
 * needs back: a status, a few headers and the body read whole, at most `maxBytes` of it. Over any
 * fetch (`callOverFetch`: workerd/Workers, tests, a runtime's own), or over a transport that reads
 * the answer straight into bytes and skips the fetch objects: a fetch made by createNodeFetch
 * (node-fetch.ts) carries one under `UPSTREAM_CALL`, and forward takes it when it is there.
 * Web-standard only: nothing here imports `node:`.
 */
import { readCapped } from './http.ts';

/** The request: everything forward decided to send. */
export interface UpstreamRequest {
  /** REVER's base, the checked path and query. */
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array<ArrayBuffer> | undefined;
  /** The largest answer body read (decoded); a larger one fails the call with BodyTooLarge. */
  maxBytes: number;
}

/** REVER's answer, its body read whole (decoded, at most `maxBytes`). */
export interface UpstreamAnswer {
  status: number;
  /** A header of the answer by its lower-case name, or null. */
  header(name: string): string | null;
  body: Uint8Array<ArrayBuffer>;
}

/** A call under way: its answer, and what stops it (a timeout, the shopper gone). */
export interface UpstreamCall {
  /**
   * REVER's answer; rejects when it cannot be had: BodyTooLarge past `maxBytes`, an error whose
   * `cause` may carry a system `code` when REVER cannot be reached, any error once cancelled.
   */
  answer: Promise<UpstreamAnswer>;
  /** Stops the call: the request, the connection's answer, and `answer` (if not yet settled). */
  cancel(): void;
}

export type Upstream = (request: UpstreamRequest) => UpstreamCall;

/**
 * Where a fetch carries a transport of the same calls that reads the answer into bytes (the
 * Node transport's: node-fetch.ts). A registered symbol, so copies of this module (a bundle per
 * entry point) agree on it.
 */
export const UPSTREAM_CALL: unique symbol = Symbol.for('rever-returns.proxy.upstream-call');

/** A fetch that may carry the bytes transport (see UPSTREAM_CALL). */
type MaybeCarrying = typeof fetch & { [UPSTREAM_CALL]?: Upstream };

/** The call over a fetch: `redirect: 'manual'`, an AbortController, the body read capped. */
export function callOverFetch(fetchUpstream: typeof fetch, request: UpstreamRequest): UpstreamCall {
  const abort = new AbortController();
  const answer = (async (): Promise<UpstreamAnswer> => {
    const response = await fetchUpstream(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body ? { body: request.body } : {}),
      redirect: 'manual',
      signal: abort.signal,
    });
    // Buffered, so a slow or endless body still ends in the caller's timeout; capped, so an
    // upstream fault cannot exhaust memory.
    const body = await readCapped(response.body, request.maxBytes);
    return { status: response.status, header: (name) => response.headers.get(name), body };
  })();
  return { answer, cancel: () => abort.abort() };
}

/**
 * The upstream calls of a proxy given `fetchUpstream`: its bytes transport when it carries one,
 * else calls over it. Without a fetch, the runtime's, looked up at each call (so whatever
 * `globalThis.fetch` is then, as a plain `fetch(…)` call would; called through it, never
 * detached: some runtimes throw "Illegal invocation" on a detached fetch).
 */
export function upstreamCalls(fetchUpstream: typeof fetch | undefined): Upstream {
  if (fetchUpstream) {
    const carried = (fetchUpstream as MaybeCarrying)[UPSTREAM_CALL];
    return carried ?? ((request) => callOverFetch(fetchUpstream, request));
  }
  return (request) => {
    const current = globalThis.fetch as MaybeCarrying;
    const carried = current[UPSTREAM_CALL];
    return carried ? carried(request) : callOverFetch((input, init) => fetch(input, init), request);
  };
}
