import { html } from 'lit';
import type { I18n } from '../../i18n/i18n.ts';
import type { FlowState } from '../../state/flow.ts';
import { STEPS, type StepName } from '../../state/steps.ts';
import '../order-lookup/order-lookup.ts';

/** The steps' parts, re-exported so `rever-returns::part(button)` reaches into every step. */
const PARTS =
  'heading, button, input, error, credit-summary, tracking-link, instructions, qr-code, label-link, print-button';

/**
 * The list of steps, the current one marked. The order's existing returns are shown where its
 * items are.
 */
export function progressView({ t }: I18n, step: StepName) {
  const current = STEPS.indexOf(step === 'returns' ? 'items' : step);
  return html`<ol class="progress" part="progress" aria-label=${t('progress.label')}>
    ${STEPS.map(
      (step, i) =>
        html`<li
          class=${i < current ? 'past' : i === current ? 'current' : ''}
          aria-current=${i === current ? 'step' : 'false'}
        >
          ${t(`progress.${step}`)}
        </li>`,
    )}
  </ol>`;
}

/**
 * The element of the step the flow is at, handed what it shows. The lookup comes with the first
 * load, prefilled with `email` and `orderNumber` and looking the order up by itself when both
 * are set and `autoStart`; the later steps' elements are defined by their own module
 * (`loadSteps`), and one rendered before it arrives is upgraded when it does.
 */
export function stepView(flow: FlowState, email: string, orderNumber: string, autoStart: boolean) {
  switch (flow.step) {
    case 'lookup':
      return html`<rever-order-lookup
        exportparts=${PARTS}
        .email=${email}
        .orderNumber=${orderNumber}
        .autoSubmit=${autoStart && !!email && !!orderNumber}
      ></rever-order-lookup>`;
    case 'items':
      return html`<rever-line-item-picker
        exportparts=${PARTS}
        .draft=${flow.draft}
      ></rever-line-item-picker>`;
    case 'resolution':
      return html`<rever-resolution-picker
        exportparts=${PARTS}
        .draft=${flow.draft}
      ></rever-resolution-picker>`;
    case 'shipping':
      return html`<rever-return-method
        exportparts=${PARTS}
        .draft=${flow.draft}
      ></rever-return-method>`;
    case 'review':
      return html`<rever-return-review
        exportparts=${PARTS}
        .draft=${flow.draft}
      ></rever-return-review>`;
    case 'done':
      return html`<rever-active-returns exportparts=${PARTS} .done=${flow}></rever-active-returns>`;
    case 'returns':
      return html`<rever-active-returns
        exportparts=${PARTS}
        .draft=${flow.draft}
      ></rever-active-returns>`;
  }
}
