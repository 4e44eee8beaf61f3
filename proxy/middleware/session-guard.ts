/**
 * Sessions: every call but the return intent belongs to a session, and only to its own return and
 * order (401 without a valid one, 403 when the call names another return or order). A successful
 * intent's answer is given the session token it opened. A confirmed return narrows it: REVER's
 * 200 to a confirmation is answered with a read-only token, shorter-lived (reads only: the active
 * returns and the return's own GETs; a write with it is 403), for the shopper's last step, so the
 * token the page keeps after a return is done can change nothing.
 */
import { createMiddleware } from 'hono/factory';
import { QUERY, SESSION_HEADER } from '../../contract/index.ts';
import { fail } from '../http.ts';
import type { createSessionSigner, SessionClaims } from '../session.ts';
import type { ProxyEnv } from './env.ts';

type Signer = ReturnType<typeof createSessionSigner>;

const decoder = new TextDecoder();

/** The ids an intent answer opened, or undefined when it is not the contract's shape. */
function intentIds(payload: Uint8Array): Omit<SessionClaims, 'expires'> | undefined {
  try {
    const { order } = JSON.parse(decoder.decode(payload)) as {
      order?: { id?: unknown; return_id?: unknown };
    };
    if (typeof order?.id === 'string' && typeof order.return_id === 'string') {
      return { returnId: order.return_id, orderIds: [order.id] };
    }
  } catch {
    /* the widget finds out when it decodes the answer */
  }
  return undefined;
}

export interface SessionGuardOptions {
  /** Seconds a confirmed return's read-only token lasts (never beyond the session it narrows). */
  confirmedTtlSeconds: number;
}

export function sessionGuard(signer: Signer, { confirmedTtlSeconds }: SessionGuardOptions) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    if (c.get('operation').id === 'startReturnIntent') {
      await next();
      // REVER's own 200 (its body passed on), never the proxy's refusal.
      const payload = c.get('upstreamPayload');
      if (c.res.status === 200 && payload) {
        const ids = intentIds(payload);
        if (ids) c.res.headers.set(SESSION_HEADER, await signer.sign(ids));
      }
      return;
    }
    const checked = await signer.verify(c.req.header(SESSION_HEADER));
    if (!checked.ok) {
      c.set('note', `session_${checked.why}`);
      return fail(
        401,
        checked.why === 'expired' ? 'session_expired' : 'session_required',
        checked.why === 'expired'
          ? 'The session has expired; start the return again.'
          : 'A valid session is required; start the return first.',
      );
    }
    const { claims } = checked;
    const returnId = c.get('operation').params['return_id'];
    const orderIds = new URLSearchParams(c.get('target').search).getAll(QUERY.orderIds);
    if (
      (returnId !== undefined && returnId !== claims.returnId) ||
      orderIds.some((id) => !claims.orderIds.includes(id))
    ) {
      c.set('note', 'session_mismatch');
      return fail(403, 'forbidden', 'This session does not cover that return or order.');
    }
    if (claims.readOnly && c.req.method !== 'GET') {
      c.set('note', 'session_read_only');
      return fail(403, 'forbidden', 'This return is confirmed: its session can only read.');
    }
    c.set('session', claims);
    await next();
    // REVER's own 200 (its body passed on), never the proxy's answer.
    if (
      c.get('operation').id === 'confirmReturn' &&
      c.res.status === 200 &&
      c.get('upstreamPayload')
    ) {
      const now = Date.now();
      const left = claims.expires - Math.floor(now / 1000);
      const narrowed = {
        returnId: claims.returnId,
        orderIds: claims.orderIds,
        readOnly: true as const,
      };
      c.res.headers.set(
        SESSION_HEADER,
        await signer.sign(narrowed, now, Math.min(confirmedTtlSeconds, left)),
      );
    }
  });
}
