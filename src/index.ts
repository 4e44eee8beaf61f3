/** The package's entry: importing it defines `<rever-returns>` and its steps. */
export { ReverReturns } from './components/rever-returns/rever-returns.ts';
export { ReverOrderLookup } from './components/order-lookup/order-lookup.ts';
export * from './events.ts';
// Loads ky and the client on first use (see lazy-client.ts); same API as services/client.ts.
export { createReverClient } from './services/lazy-client.ts';
export type { ReverClient, ReverClientOptions, ReturnSession } from './services/client.ts';
export { ReverError, type ReverErrorCode } from './services/errors.ts';
export { formatMoney } from './services/money.ts';
export { LANGUAGES, type Language, type StringOverrides } from './i18n/i18n.ts';
export type { MessageKey, Messages } from './i18n/en.ts';
export type * from '../contract/index.ts';
