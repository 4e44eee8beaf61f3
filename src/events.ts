/**
 * Public events: `rever-` prefixed, bubbling and composed so the merchant's page hears them, with
 * typed details that carry no secrets and no more personal data than a merchant needs.
 * The steps' intents (steps → root) are internal (components/internal/intent-event.ts): they
 * bubble but are not composed, so they never leave the widget.
 */
import type { ReverErrorCode } from './services/errors.ts';
import type { StepName } from './state/flow.ts';

export type { StepName };

export interface OrderFoundDetail {
  orderId: string;
  currency: string;
  /** Lines of the order, and how many of them have something left to return. */
  lineCount: number;
  returnableLineCount: number;
}

export interface ReverErrorDetail {
  code: ReverErrorCode;
  status?: number;
  step: StepName;
}

export interface StepChangeDetail {
  step: StepName;
  previous: StepName;
}

export interface ReadyDetail {
  step: StepName;
}

export interface ReturnConfirmedDetail {
  returnId: string;
  orderId: string;
  status: string;
  /** Money refunded (payment method, bank transfer, gift card), return cost deducted; minor units. */
  refundTotal: number;
  /**
   * Store credit to spend (its bonus included), return cost deducted; minor units. An exchanged
   * item is not credit and is not counted here, whatever REVER counts in its own credit total.
   */
  creditTotal: number;
  currency: string;
  /** The return cost deducted (minor units of `currency`); 0 when free or no method was chosen. */
  returnCost: number;
  /** The return method's type (e.g. `DROP_OFF`, `HOME_PICKUP`), or null when none was chosen. */
  returnMethod: string | null;
}

class ReverEvent<T> extends CustomEvent<T> {
  constructor(type: string, detail: T) {
    super(type, { detail, bubbles: true, composed: true });
  }
}

/** The shopper's order was found and a return opened for it. */
export class ReverOrderFoundEvent extends ReverEvent<OrderFoundDetail> {
  constructor(detail: OrderFoundDetail) {
    super('rever-order-found', detail);
  }
}

/** A request failed; the widget shows the shopper a message and keeps what they entered. */
export class ReverErrorEvent extends ReverEvent<ReverErrorDetail> {
  constructor(detail: ReverErrorDetail) {
    super('rever-error', detail);
  }
}

/** The flow moved to another step. */
export class ReverStepChangeEvent extends ReverEvent<StepChangeDetail> {
  constructor(detail: StepChangeDetail) {
    super('rever-step-change', detail);
  }
}

/** The element rendered its first step (after a reload, the step it restored). */
export class ReverReadyEvent extends ReverEvent<ReadyDetail> {
  constructor(detail: ReadyDetail) {
    super('rever-ready', detail);
  }
}

/** The return was confirmed by REVER. */
export class ReverReturnConfirmedEvent extends ReverEvent<ReturnConfirmedDetail> {
  constructor(detail: ReturnConfirmedDetail) {
    super('rever-return-confirmed', detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'rever-order-found': ReverOrderFoundEvent;
    'rever-error': ReverErrorEvent;
    'rever-step-change': ReverStepChangeEvent;
    'rever-ready': ReverReadyEvent;
    'rever-return-confirmed': ReverReturnConfirmedEvent;
  }
}
