/**
 * English: every string a shopper can see before the later steps' chunk arrives. The strings
 * only those steps show are in en-steps.ts, which adds them to this table when a step that
 * needs them loads, so they stay off the first load. Other locales are whole tables typed
 * against both (`Messages`), so a missing key is a type error. `{name}` marks a value filled in
 * at render time.
 */
import type { enSteps } from './en-steps.ts';

const firstLoad = {
  'flow.label': 'Returns',
  'lookup.heading': 'Find your order',
  'lookup.intro': 'Enter the email address and the order number from your order confirmation.',
  'lookup.email': 'Email address',
  'lookup.orderNumber': 'Order number',
  'lookup.orderNumberHint':
    'It is in your order confirmation email, for example #1001. Copy it as it is.',
  'lookup.submit': 'Find my order',
  'lookup.pending': 'Looking up your order…',
  'lookup.emailMissing': 'Enter the email address you used for the order.',
  'lookup.emailInvalid': 'Check the email address: it should look like name@example.com.',
  'lookup.orderNumberMissing': 'Enter your order number.',
  'lookup.notFound': 'We could not find an order with that email address and number.',
  'lookup.notFoundEmail':
    'Use the email address the order was placed with; it may not be the one you use today.',
  'lookup.notFoundWhich': 'Use the order number, not an invoice or a parcel tracking number.',
  'lookup.notFoundTypo': 'Check the number for a swapped or missing digit.',
  'lookup.notFoundRecent': 'A very recent order can take a few minutes to appear.',
  'error.network': 'We could not reach the returns service. Check your connection and try again.',
  'error.timeout': 'The returns service took too long to answer. Please try again.',
  'error.rate-limited': 'Too many attempts in a short time. Please wait a moment and try again.',
  'error.rate-limited-wait':
    'Too many attempts in a short time. Please wait {seconds} seconds and try again.',
  'error.not-found': 'We could not find what you asked for.',
  'error.invalid': 'Something you entered was not accepted. Please check it and try again.',
  'error.conflict': 'Your return changed in the meantime. Please try again.',
  'error.not-returnable': 'This cannot be returned.',
  'error.unauthorized':
    'Your session has expired or the store has not finished setting up returns. Please start again, or contact the store if this keeps happening.',
  'error.server': 'The returns service has a problem right now. Please try again in a moment.',
  'error.bad-response':
    'The returns service sent an answer we could not read. Please try again, or contact the store if this keeps happening.',
  'error.retry': 'Try again',
  'error.startAgain': 'Start again',
  offline:
    'You are offline. Everything you entered is kept, and we will carry on when you are back online.',
  'progress.label': 'Progress',
  'progress.lookup': 'Find order',
  'progress.items': 'Items',
  'progress.resolution': 'Refund or exchange',
  'progress.review': 'Review',
  'progress.done': 'Done',
  'items.reason.in-progress': 'Already in a return',
  'items.reason.not-returnable': 'Not returnable',
  'items.selectedCount': '{count} selected',
  'resolution.noExchange': 'No replacement is available for this item.',
  'progress.shipping': 'Send it back',
};

/** Every key, the steps' English (en-steps.ts) included. */
export type MessageKey = keyof typeof firstLoad | keyof typeof enSteps;
export type Messages = Record<MessageKey, string>;

/**
 * The English table. Typed whole, it holds the steps' strings from the moment a step that shows
 * them has loaded (they import en-steps.ts); before that only the lookup and the root render,
 * and those read nothing else.
 */
export const en = firstLoad as Messages;
