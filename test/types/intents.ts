/**
 * Type tests, checked by `tsc --noEmit` (`npm run typecheck`) and never run: the channel from the
 * steps to the root is typed, so a wrong intent detail is a compile error. Each
 * `@ts-expect-error` below fails the type check if the line after it compiles.
 */
import { ReverIntentEvent } from '../../src/components/internal/intent-event.ts';
import { ReverStep } from '../../src/components/internal/step.ts';
import type { FlowState } from '../../src/state/flow.ts';
import { applyIntent, type Intent } from '../../src/state/intents.ts';

export class TypedStep extends ReverStep {
  sendSome(): void {
    this.emit('pick-change', { lineId: 'a', choice: { quantity: 2 } });
    this.emit('go-to', { step: 'review' });
    this.emit('start-over', null);
    this.emit('step-error', new Error('any error is a detail'));

    // @ts-expect-error A line id is a string.
    this.emit('pick-change', { lineId: 1, choice: null });
    // @ts-expect-error The lookup is not a step one can go back to.
    this.emit('go-to', { step: 'lookup' });
    // @ts-expect-error The intent needs its detail.
    this.emit('line-removed', null);
    // @ts-expect-error No such intent.
    this.emit('pick-changed', { lineId: 'a', choice: null });
  }
}

// The event class carries the same union.
new ReverIntentEvent('bank-account', { account: { iban: 'DE89370400440532013000', holder: 'A' } });
// @ts-expect-error An account has a holder.
new ReverIntentEvent('bank-account', { account: { iban: 'DE89370400440532013000' } });

// The intent read from an event narrows by its name: no cast.
export function lineOf({ intent }: ReverIntentEvent): unknown {
  if (intent.type === 'line-uncertain') return intent.detail.lineId satisfies string;
  // @ts-expect-error Only some intents have a line id.
  const lineId: unknown = intent.detail.lineId;
  return lineId;
}

// The flow's rules take the later steps' intents only; the root answers the others.
export function apply(flow: FlowState, intent: Intent): FlowState {
  if (intent.type === 'lookup-success' || intent.type === 'step-error') return flow;
  // @ts-expect-error 'start-over' is the root's to answer, not the flow's.
  return applyIntent(flow, intent);
}
