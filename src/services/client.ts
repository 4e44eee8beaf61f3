/**
 * The typed REVER client: one method per operation of the contract, spoken to the merchant's
 * proxy (never to REVER itself). DOM-free and lit-free, so it runs in the browser and in Node.
 */
import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import {
  buildPath,
  CUSTOMER_TOKEN_HEADER,
  OPERATIONS,
  QUERY,
  SESSION_HEADER,
  type AddLineItemRequest,
  type ChooseReturnMethodRequest,
  type ClientPreferences,
  type OperationId,
  type StartIntentRequest,
} from '../../contract/index.ts';
import { decoders } from '../../contract/decode.ts';
import { codeForStatus, isAbortError, parseRetryAfter, ReverError } from './errors.ts';

export { withReadCache } from './read-cache.ts';

export interface ReverClientOptions {
  /** The merchant's proxy; REVER's paths are appended to it. */
  proxyUrl: string;
  /** Milliseconds one attempt may take before it fails with `timeout` (default 15 000). */
  timeoutMs?: number;
  /** Retries of reads (GET) on 408, 429 and 5xx; writes are never retried blindly (default 2). */
  readRetries?: number;
  /** Longest `Retry-After` (seconds) a read waits for before giving up (default 10). */
  maxRetryAfterSeconds?: number;
  /** A fetch seam, for tests and for hosts that wrap fetch. */
  fetch?: typeof fetch;
}

/** What the later calls need from a started return intent. */
export interface ReturnSession {
  returnId: string;
  customerToken: string;
  /**
   * The proxy's session token for this return (see SESSION_HEADER), kept with the draft so the
   * flow continues after a reload. Without it, the client sends the one its intent received.
   */
  sessionToken?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** Bodies larger than this are not what the contract answers; refuse before parsing them. */
const MAX_BODY_BYTES = 2_000_000;

/**
 * The body as text, read no further than the limit whatever content-length claims (or omits):
 * a runaway answer is cut off, not held whole in the shopper's memory.
 */
async function readText(response: Response): Promise<string> {
  if (!response.body) return '';
  if (Number(response.headers.get('content-length')) > MAX_BODY_BYTES) {
    await response.body.cancel();
    throw new ReverError('bad-response', response.status);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new ReverError('bad-response', response.status);
    }
    text += decoder.decode(value, { stream: true });
  }
}

export type ReverClient = ReturnType<typeof createReverClient>;

export function createReverClient(options: ReverClientOptions) {
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 10;
  const http: KyInstance = ky.create({
    prefixUrl: options.proxyUrl,
    timeout: options.timeoutMs ?? 15_000,
    retry: {
      limit: options.readRetries ?? 2,
      methods: ['get'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: maxRetryAfter * 1000,
      backoffLimit: 4000,
      // A wait longer than the bound is not shortened (ky's own cap) but not waited at all: the
      // shopper is told how long instead of watching a spinner retry too early.
      shouldRetry: ({ error }) => {
        if (!(error instanceof HTTPError)) return undefined;
        const wait = parseRetryAfter(error.response.headers.get('retry-after'));
        return wait !== undefined && wait > maxRetryAfter ? false : undefined;
      },
    },
    headers: { accept: 'application/json' },
    credentials: 'omit',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  /** The session tokens the proxy answered intents with, by return id (one a shopper, usually). */
  const sessionTokens = new Map<string, string>();
  /**
   * The read-only tokens the proxy answered confirmations with, by return id: the reads that
   * follow a confirmed return (its active returns) go with them. A write (a confirm sent again,
   * which REVER answers as the first) keeps the return's own token.
   */
  const readTokens = new Map<string, string>();

  const sessionHeaders = (session: ReturnSession, method: string) => {
    const token =
      (method === 'GET' ? readTokens.get(session.returnId) : undefined) ??
      session.sessionToken ??
      sessionTokens.get(session.returnId);
    return {
      [CUSTOMER_TOKEN_HEADER]: session.customerToken,
      ...(token ? { [SESSION_HEADER]: token } : {}),
    };
  };

  async function call<T>(
    op: OperationId,
    decode: (value: unknown, path: string) => T,
    init: {
      /** Called with the answer's headers before its body is decoded. */
      onHeaders?: (headers: Headers) => void;
      params?: Record<string, string>;
      query?: URLSearchParams;
      json?: unknown;
      session?: ReturnSession;
      signal?: AbortSignal | undefined;
    },
  ): Promise<T> {
    let path: string;
    try {
      // ky's prefixUrl wants a path without its leading slash.
      path = buildPath(op, init.params).slice(1);
    } catch {
      // An id that REVER gave (a line, a return) and that no path of the contract can carry.
      throw new ReverError('bad-response');
    }
    let text: string;
    try {
      const response = await http(path, {
        method: OPERATIONS[op].method,
        ...(init.query ? { searchParams: init.query } : {}),
        ...(init.json !== undefined ? { json: init.json } : {}),
        ...(init.session ? { headers: sessionHeaders(init.session, OPERATIONS[op].method) } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
      text = await readText(response);
      init.onHeaders?.(response.headers);
    } catch (error) {
      // An abort is the caller's own decision (a newer request, a removed element), whatever
      // reason it carries: it passes through untouched for Task to ignore.
      if (init.signal?.aborted) throw error;
      throw await toReverError(error);
    }
    try {
      return decode(JSON.parse(text), op);
    } catch {
      throw new ReverError('bad-response', 200);
    }
  }

  const withReturn = (session: ReturnSession) => ({ return_id: session.returnId });

  return {
    /** Starts a return intent: finds the order by email and number and opens a return for it. */
    async startReturnIntent(body: StartIntentRequest, opts: CallOptions = {}) {
      let token: string | null = null;
      const order = await call('startReturnIntent', decoders.startReturnIntent, {
        json: body,
        signal: opts.signal,
        onHeaders: (headers) => (token = headers.get(SESSION_HEADER)),
      });
      if (token) sessionTokens.set(order.return_id, token);
      return order;
    },

    /**
     * The proxy's session token for a return this client started, to keep with the draft
     * (ReturnSession.sessionToken); undefined when the proxy gave none.
     */
    sessionTokenFor(returnId: string): string | undefined {
      return sessionTokens.get(returnId);
    },

    /** The active returns of one or more orders. */
    getActiveReturns(session: ReturnSession, orderIds: string[], opts: CallOptions = {}) {
      const query = new URLSearchParams(orderIds.map((id) => [QUERY.orderIds, id]));
      return call('getActiveReturns', decoders.getActiveReturns, {
        query,
        session,
        signal: opts.signal,
      });
    },

    /** Adds a line (or changes its quantity and reason) in the return. */
    addReturnLineItem(session: ReturnSession, item: AddLineItemRequest, opts: CallOptions = {}) {
      return call('addReturnLineItem', decoders.returnLineItems, {
        params: withReturn(session),
        json: item,
        session,
        signal: opts.signal,
      });
    },

    /** Takes a line out of the return. */
    removeReturnLineItem(session: ReturnSession, lineItemId: string, opts: CallOptions = {}) {
      return call('removeReturnLineItem', decoders.returnLineItems, {
        params: { ...withReturn(session), line_item_id: lineItemId },
        session,
        signal: opts.signal,
      });
    },

    /** The return reasons the store offers, labelled in `lang` (a two-letter code). */
    getReturnReasons(session: ReturnSession, lang: string, opts: CallOptions = {}) {
      return call('getReturnReasons', decoders.getReturnReasons, {
        params: withReturn(session),
        query: new URLSearchParams([[QUERY.lang, lang]]),
        session,
        signal: opts.signal,
      });
    },

    /** The variants a line can be exchanged for. */
    getExchangeOptions(session: ReturnSession, lineItemId: string, opts: CallOptions = {}) {
      return call('getExchangeOptions', decoders.getExchangeOptions, {
        params: withReturn(session),
        query: new URLSearchParams([[QUERY.lineItemId, lineItemId]]),
        session,
        signal: opts.signal,
      });
    },

    /** The refund methods offered for the return. */
    getRefundOptions(session: ReturnSession, opts: CallOptions = {}) {
      return call('getRefundOptions', decoders.getRefundOptions, {
        params: withReturn(session),
        session,
        signal: opts.signal,
      });
    },

    /** Saves how one line is resolved (refund method or exchange); answers the pending credit. */
    saveClientPreferences(
      session: ReturnSession,
      lineItemId: string,
      preferences: ClientPreferences,
      opts: CallOptions = {},
    ) {
      return call('saveClientPreferences', decoders.saveClientPreferences, {
        params: withReturn(session),
        query: new URLSearchParams([[QUERY.lineItemId, lineItemId]]),
        json: preferences,
        session,
        signal: opts.signal,
      });
    },

    /**
     * Confirms the return. REVER answers the same summary when called twice. The proxy answers
     * with a read-only session token, which the later reads for this return (the active returns)
     * use.
     */
    async confirmReturn(session: ReturnSession, opts: CallOptions = {}) {
      let token: string | null = null;
      const confirmation = await call('confirmReturn', decoders.confirmReturn, {
        params: withReturn(session),
        session,
        signal: opts.signal,
        onHeaders: (headers) => (token = headers.get(SESSION_HEADER)),
      });
      if (token) readTokens.set(session.returnId, token);
      return confirmation;
    },

    /** The ways the parcel can go back, with their costs; asked once the lines are added. */
    getReturnMethods(session: ReturnSession, opts: CallOptions = {}) {
      return call('getReturnMethods', decoders.getReturnMethods, {
        params: withReturn(session),
        session,
        signal: opts.signal,
      });
    },

    /** Drop-off points of a method near a postcode, nearest first. */
    getDropOffPoints(
      session: ReturnSession,
      near: { returnMethodId: string; postalCode: string; country: string },
      opts: CallOptions = {},
    ) {
      return call('getDropOffPoints', decoders.getDropOffPoints, {
        params: withReturn(session),
        query: new URLSearchParams([
          [QUERY.returnMethodId, near.returnMethodId],
          [QUERY.postalCode, near.postalCode],
          [QUERY.country, near.country],
        ]),
        session,
        signal: opts.signal,
      });
    },

    /** The free home pickup slots of a method. */
    getPickupSlots(session: ReturnSession, returnMethodId: string, opts: CallOptions = {}) {
      return call('getPickupSlots', decoders.getPickupSlots, {
        params: withReturn(session),
        query: new URLSearchParams([[QUERY.returnMethodId, returnMethodId]]),
        session,
        signal: opts.signal,
      });
    },

    /**
     * Chooses how the parcel goes back (again: replaces the choice); answers the cost and what
     * the shopper gets back. A pickup slot taken meanwhile is a 422 `slot_unavailable`.
     */
    chooseReturnMethod(
      session: ReturnSession,
      choice: ChooseReturnMethodRequest,
      opts: CallOptions = {},
    ) {
      return call('chooseReturnMethod', decoders.chooseReturnMethod, {
        params: withReturn(session),
        json: choice,
        session,
        signal: opts.signal,
      });
    },
  };
}

async function toReverError(error: unknown): Promise<unknown> {
  if (isAbortError(error) || error instanceof ReverError) return error;
  if (error instanceof TimeoutError) return new ReverError('timeout');
  if (error instanceof HTTPError) {
    const { status, headers } = error.response;
    let upstream: string | undefined;
    try {
      upstream = decoders.errorCode(JSON.parse(await readText(error.response)));
    } catch {
      // A non-JSON error body (an HTML error page from a CDN): the status says enough.
    }
    return new ReverError(
      codeForStatus(status),
      status,
      parseRetryAfter(headers.get('retry-after')),
      upstream,
    );
  }
  // fetch rejects with a TypeError when the network or CORS fails; the browser gives no detail.
  return new ReverError('network');
}
