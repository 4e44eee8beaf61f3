/**
 * The one error the REVER client throws. Every failure (HTTP status, network, timeout, a body that
 * is not what the contract says) is mapped once, here, into a `code` the view translates.
 */
export type ReverErrorCode =
  | 'network'
  | 'timeout'
  | 'rate-limited'
  | 'not-found'
  | 'invalid'
  | 'conflict'
  | 'not-returnable'
  | 'unauthorized'
  | 'server'
  | 'bad-response';

export class ReverError extends Error {
  override readonly name = 'ReverError';
  constructor(
    readonly code: ReverErrorCode,
    /** HTTP status, when the failure came with one. */
    readonly status?: number,
    /** Seconds to wait before retrying (from `Retry-After`), with `rate-limited`. */
    readonly retryAfter?: number,
    /** REVER's own error code (e.g. `order_not_found`), when it sent one; never its message. */
    readonly upstreamCode?: string,
  ) {
    super(status ? `${code} (HTTP ${status})` : code);
  }
}

/** Maps an HTTP status to the error kind a shopper is told about. */
export function codeForStatus(status: number): ReverErrorCode {
  switch (status) {
    case 401:
    case 403:
      return 'unauthorized';
    case 404:
      return 'not-found';
    case 408:
    case 504:
      return 'timeout';
    case 409:
      return 'conflict';
    case 422:
      return 'not-returnable';
    case 429:
      return 'rate-limited';
  }
  return status >= 500 ? 'server' : 'invalid';
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
