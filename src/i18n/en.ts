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
  'lookup.orderNumberHint': 'It is in your order confirmation email, for example 1001.',
  'lookup.submit': 'Find my order',
  'lookup.pending': 'Looking up your order…',
  'lookup.emailMissing': 'Enter the email address you used for the order.',
  'lookup.emailInvalid': 'Check the email address: it should look like name@example.com.',
  'lookup.orderNumberMissing': 'Enter your order number.',
  'lookup.notFound': 'We could not find an order with that email address and number.',
  'lookup.notFoundEmail':
    'Use the email address the order was placed with; it may not be the one you use today.',
  'lookup.notFoundHash':
    'Type the number without "#" or spaces, for example 1001 rather than #1001.',
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
  'nav.back': 'Back',
  'nav.continue': 'Continue',
  'nav.startOver': 'Look up another order',
  'items.heading': 'Choose the items to return',
  'items.intro': 'Order {number}. Tick each item you want to send back and tell us why.',
  'items.loadingReasons': 'Loading the return reasons…',
  'items.returnable': '{count} of {quantity} can be returned',
  'items.reason.returned': 'Already returned',
  'items.reason.in-progress': 'Already in a return',
  'items.reason.not-returnable': 'Not returnable',
  'items.quantity': 'Quantity to return',
  'items.reason': 'Reason',
  'items.reasonPlaceholder': 'Choose a reason',
  'items.comment': 'Tell us more',
  'items.commentRequired': 'Tell us more (required)',
  'items.reasonMissing': 'Choose a reason for this item.',
  'items.commentMissing': 'This reason needs a few words from you.',
  'items.noneReturnable': 'Nothing in this order can be returned right now.',
  'items.nonePicked': 'Choose at least one item to return.',
  'items.saving': 'Adding your items to the return…',
  'items.selectedCount': '{count} selected',
  'resolution.heading': 'Refund or exchange',
  'resolution.intro': 'Choose how you want each item resolved.',
  'resolution.loading': 'Loading your options…',
  'resolution.saving': 'Saving your choice…',
  'resolution.legend': '{name}, {variant}, quantity {quantity}',
  'resolution.method.ORIGINAL_PAYMENT_METHOD': 'Refund to the original payment method',
  'resolution.method.BANK_TRANSFER': 'Refund by bank transfer',
  'resolution.method.GIFT_CARD': 'Refund as a gift card',
  'resolution.method.STORE_CREDIT': 'Store credit',
  'resolution.bonus': '+{percent}% bonus',
  'resolution.exchange': 'Exchange for another size or colour',
  'resolution.exchangeLegend': 'Choose the replacement',
  'resolution.unavailable': 'out of stock',
  'resolution.noExchange': 'No replacement is available for this item.',
  'resolution.choose': 'Choose how to resolve every item to continue.',
  'bank.legend': 'Bank account for your refund',
  'bank.iban': 'IBAN',
  'bank.ibanHint': 'For example ES91 2100 0418 4502 0005 1332',
  'bank.holder': 'Account holder',
  'bank.save': 'Use this account',
  'bank.saved': 'Refunds by bank transfer go to {iban}.',
  'bank.change': 'Change account',
  'bank.ibanMissing': 'Enter your IBAN.',
  'bank.ibanInvalid': 'This IBAN is not valid: check the country code and every digit.',
  'bank.holderMissing': 'Enter the name of the account holder.',
  'credit.heading': 'What you will get',
  'credit.refund': 'Refund',
  'credit.credit': 'Credit to spend',
  'credit.bonus': 'Includes a bonus of {amount}',
  'credit.nothing': 'Choose a refund or an exchange to see what you will get.',
  'review.heading': 'Review your return',
  'review.intro': 'Check everything before you confirm. You can still change any of it.',
  'review.quantity': 'Quantity: {quantity}',
  'review.reason': 'Reason: {reason}',
  'review.resolution': 'Resolution: {resolution}',
  'review.exchangeFor': 'Exchange for {name}, {variant}',
  'review.editItems': 'Change items',
  'review.editResolution': 'Change refund or exchange',
  'review.confirm': 'Confirm return',
  'review.confirming': 'Confirming your return…',
  'review.incomplete':
    'The store could not confirm this return as it stands. Check your items and the refund or exchange for each, then confirm again.',
  'done.heading': 'Your return is confirmed',
  'done.intro':
    'Return {id} for order {number}. Keep this reference in case the store asks for it.',
  'done.refund': 'Refund',
  'done.credit': 'Credit to spend',
  'done.activeHeading': 'Your active returns for this order',
  'done.loading': 'Loading your returns…',
  'done.none': 'There are no active returns for this order.',
  'done.created': 'Started {date}',
  'done.status': 'Status: {status}',
  'done.status.RUNNING': 'In progress',
  'done.status.COMPLETED': 'Completed',
  'done.status.FAILED': 'Failed',
  'done.status.CANCELED': 'Cancelled',
  'done.status.ON_HOLD': 'On hold',
  'done.item': '{name} × {quantity}',
  'done.track': 'Track the parcel with {carrier} ({number})',
  'done.trackingNumber': '{carrier} tracking number {number}',
  'done.another': 'Start another return',
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
