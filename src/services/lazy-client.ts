/**
 * The REVER client, fetched when first needed: the same methods with the same answers and
 * errors, but ky and the client's code are not part of the ES build's first load. They arrive
 * while the shopper fills in the lookup form (the root asks for them after its first render).
 * A client module that cannot be fetched is a `network` error; the next call tries again.
 */
import type { ReverClient, ReverClientOptions } from './client.ts';
import type { OperationId } from '../../contract/index.ts';
import { ReverError } from './errors.ts';

type Request = keyof Omit<ReverClient, 'sessionTokenFor'>;
type Requests = Pick<ReverClient, Request>;

/**
 * The client's requests: the contract's operations, one each (`sessionTokenFor` is the one
 * method that is no request). Listed here rather than taken from the contract's OPERATIONS, so
 * the first load carries no paths; a request or an operation missing here is a type error.
 */
const REQUESTS = [
  'startReturnIntent',
  'getActiveReturns',
  'addReturnLineItem',
  'removeReturnLineItem',
  'getReturnReasons',
  'getExchangeOptions',
  'getRefundOptions',
  'saveClientPreferences',
  'confirmReturn',
  'getReturnMethods',
  'getDropOffPoints',
  'getPickupSlots',
  'chooseReturnMethod',
] as const satisfies readonly Request[];
type Listed = (typeof REQUESTS)[number];
({}) as Record<Listed, unknown> satisfies Record<Request, unknown>;
({}) as Record<Listed, unknown> satisfies Record<OperationId, unknown>;

type Method = (...args: unknown[]) => Promise<unknown>;

export function createReverClient(options: ReverClientOptions): ReverClient {
  let client: Promise<ReverClient> | undefined;
  let loaded: ReverClient | undefined;
  const load = () =>
    (client ??= import('./client.ts').then(
      (module) => (loaded = module.createReverClient(options)),
      () => {
        client = undefined;
        throw new ReverError('network');
      },
    ));
  // Preloaded after the page has had a chance to render what it was doing.
  setTimeout(() => void load().catch(() => {}));
  const requests = Object.fromEntries(
    REQUESTS.map((op) => [
      op,
      (...args: unknown[]) => load().then((c) => (c[op] as Method)(...args)),
    ]),
  ) as unknown as Requests;
  return {
    ...requests,
    // A token comes with an intent's answer, so before the client is loaded there is none.
    sessionTokenFor: (returnId) => loaded?.sessionTokenFor(returnId),
  };
}
