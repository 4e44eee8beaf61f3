/**
 * Everything the steps ask of REVER, as one object the root hands them (through the context
 * protocol, src/context.ts): no step calls the client. Part of the first load, so it is small:
 * the lookup, which the first step needs, is here; the later steps' operations (effects.ts) come
 * with their chunk, and the ones named here wait for it (by the time a later step runs one, its
 * chunk is there anyway).
 */
import type { CallOptions, ReverClient } from '../services/client.ts';
import type { LaterEffects, laterEffects } from './effects.ts';
import type { LookupResult } from './flow.ts';

export interface ReturnEffects extends LaterEffects {
  /**
   * The lookup step: starts a return intent for the order (the email and order number must
   * match), and answers with the order and the number the shopper knows it by.
   */
  lookup(email: string, orderNumber: string, opts?: CallOptions): Promise<LookupResult>;
}

/**
 * The later steps' operations by name: the first load carries no more of them than this. (An
 * object that answered any name would fool Lit, which asks values for its own markers.) One
 * missing here, or named here and missing there, is a type error.
 */
const LATER = [
  'reasons',
  'syncLines',
  'refundOptions',
  'exchangeOptions',
  'saveResolution',
  'methodsFor',
  'dropOffPoints',
  'pickupSlots',
  'chooseMethod',
  'reviewData',
  'confirm',
  'activeReturns',
] as const satisfies readonly (keyof LaterEffects)[];
({}) as Record<(typeof LATER)[number], unknown> satisfies Record<keyof LaterEffects, unknown>;

type Operation = (...args: unknown[]) => Promise<unknown>;

/**
 * The steps' effects over one client. `loadLater` loads the later steps' chunk, which has their
 * operations (the root's loader); a load that fails fails the operation, and the next one tries
 * again.
 */
export function createReturnEffects(
  client: ReverClient,
  loadLater: () => Promise<{ laterEffects: typeof laterEffects }>,
): ReturnEffects {
  const lookup: ReturnEffects['lookup'] = async (email, orderNumber, opts) => {
    const order = await client.startReturnIntent({ email, order_number: orderNumber }, opts);
    // The proxy's session token goes into the draft, so a reload carries it with the return.
    return { order, orderNumber, sessionToken: client.sessionTokenFor(order.return_id) };
  };
  // Made once, even for calls made while the chunk loads, so their reads are shared; a failed
  // load is tried again on the next call.
  let made: Promise<LaterEffects> | undefined;
  const load = () =>
    (made ??= loadLater().then(
      (module) => module.laterEffects(client),
      (error: unknown) => {
        made = undefined;
        throw error;
      },
    ));
  const later = Object.fromEntries(
    LATER.map((name) => [
      name,
      (...args: unknown[]) => load().then((effects) => (effects[name] as Operation)(...args)),
    ]),
  ) as unknown as LaterEffects;
  return { ...later, lookup };
}
