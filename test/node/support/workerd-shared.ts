/**
 * Helpers for the two-worker workerd suite (test/node/proxy/workerd-shared.test.ts).
 *
 * `callsUnderOneSession` is also the helper for the per-session budget: one session's calls spent
 * alternately on both workers (started with `SESSION_BUDGET: 'read=6'`) run out after the same
 * number of calls as on one worker (a 429 with Retry-After), not after twice as many. The budget
 * lives in the RateLimitStore, so under the shared namespace both workers count it.
 */

export interface SessionCalls {
  /** The operation's path (with its query), e.g. `/returns/r1/refund_options`. */
  path: string;
  /** The session's headers (origin, x-rever-session, x-rever-customer-token). */
  headers: Record<string, string>;
  /** How many calls to make, alternating over the workers. */
  calls: number;
  method?: string;
  body?: string;
}

/** Makes `calls` requests under one session, round-robin over `urls`; answers their statuses. */
export async function callsUnderOneSession(
  urls: readonly string[],
  { path, headers, calls, method = 'GET', body }: SessionCalls,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < calls; i++) {
    const answer = await fetch(`${urls[i % urls.length]!}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    statuses.push(answer.status);
    await answer.arrayBuffer();
  }
  return statuses;
}
