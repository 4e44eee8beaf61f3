// The encoder only (the package's decoder and DOM helpers are other modules): this element, and
// so the encoder, is a chunk of its own that the done step loads when it has instructions.
import encodeQR from '@paulmillr/qr';
import { html, LitElement, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Address, Logistics } from '../../../contract/index.ts';
import { consume, i18nContext } from '../../context.ts';
import '../../i18n/en-steps.ts';
import { createI18n, type I18n } from '../../i18n/i18n.ts';
import { dateFormat } from '../../services/intl.ts';
import { define } from '../internal/define.ts';
import { sharedStyles } from '../internal/shared.styles.ts';
import { methodTypeLabel } from '../return-method/return-method.ts';
import { returnInstructionsStyles } from './return-instructions.styles.ts';

/** The quiet zone around the code, in modules (ISO/IEC 18004 asks for four). */
export const QUIET_ZONE = 4;
/** The least width of the code with its quiet zone, in CSS pixels: scannable from a phone. */
export const MIN_QR_PX = 200;

/** The QR code's modules for a payload (true: dark), without quiet zone; null if it cannot be. */
export function qrModules(payload: string): boolean[][] | null {
  try {
    return encodeQR(payload, 'raw', { border: 0, ecc: 'medium' });
  } catch {
    return null;
  }
}

/**
 * The dark modules as one SVG path, a rectangle per run of dark modules in a row, in module units
 * with the quiet zone as origin offset.
 */
export function qrPath(modules: boolean[][]): string {
  let d = '';
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length;) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (row[x]) x++;
      d += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`;
    }
  });
  return d;
}

// Escaped, so the standalone IIFE stays plain ASCII.
const DASH = '\u2013';

function dateText(date: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  // A calendar day (YYYY-MM-DD): read and written in UTC, so no time zone moves it.
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return date;
  const format = (tag: string) => dateFormat(tag, { ...options, timeZone: 'UTC' }).format(day);
  try {
    return format(locale);
  } catch {
    return format('en');
  }
}

/**
 * What the shopper does next with the parcel, from REVER's logistics for a return (contract note
 * o): the QR code to show at the counter (drawn as SVG from REVER's payload, with the payload as
 * text below for the staff), or the label to download and print; the drop-off point, or the
 * pickup's day, hours and address; the date to send it by; and a Print button. Printing, from the
 * button or the browser, shows these instructions only (see README, "After confirming").
 *
 * @summary A return's instructions: code or label, where, by when.
 * @csspart instructions - The box of one return's instructions.
 * @csspart qr-code - The QR code (an `<svg>` with `role="img"`); keep it dark on light.
 * @csspart label-link - The "Download label (PDF)" link.
 * @csspart print-button - The Print button.
 * @internal Composed by `<rever-active-returns>`.
 */
export class ReverReturnInstructions extends LitElement {
  static override styles = [sharedStyles, returnInstructionsStyles];

  @state()
  i18n: I18n = createI18n('en');

  constructor() {
    super();
    // From the root, while connected (see context.ts).
    consume(this, i18nContext, (i18n) => (this.i18n = i18n));
  }

  /** The return's logistics, as decoded (`label_url` is https only). */
  @property({ attribute: false }) logistics?: Logistics;

  /** The heading's level: 3 under the confirmation, 4 inside a return of the list. */
  @property({ type: Number }) level = 3;

  private _afterPrint = () => this.removeAttribute('printing');

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('afterprint', this._afterPrint);
  }

  /**
   * Prints these instructions only: while the print dialog is open this element carries
   * `printing`, which the step's print styles read to leave out any other return's.
   */
  private _print(): void {
    this.setAttribute('printing', '');
    window.addEventListener('afterprint', this._afterPrint, { once: true });
    window.print();
  }

  private _qr(payload: string) {
    const { t } = this.i18n;
    const modules = qrModules(payload);
    const code = html`<p class="payload">${t('after.payload')} <code>${payload}</code></p>`;
    if (!modules) return code;
    const size = modules.length + 2 * QUIET_ZONE;
    const px = Math.ceil(MIN_QR_PX / size) * size;
    return html`<figure class="qr">
        <svg
          part="qr-code"
          role="img"
          aria-label=${t('after.qrLabel')}
          viewBox="0 0 ${size} ${size}"
          width=${px}
          height=${px}
        >
          ${svg`<rect width=${size} height=${size} fill="#fff"></rect>
            <path d=${qrPath(modules)} fill="#000"></path>`}
        </svg>
      </figure>
      ${code}`;
  }

  private _address(address: Pick<Address, 'line1' | 'postal_code' | 'city'> & { line2?: string }) {
    return html`${address.line1}<br />${address.line2 ? html`${address.line2}<br />` : nothing}${
        address.postal_code
      }
      ${address.city}`;
  }

  override render() {
    const logistics = this.logistics;
    if (!logistics) return nothing;
    const { t, locale } = this.i18n;
    const { qr_code: qr, label_url: label, drop_off_point: point, pickup } = logistics;
    const method = methodTypeLabel(logistics.type, this.i18n);
    const heading = t('after.heading');
    return html`<div class="instructions" part="instructions">
      ${this.level === 4 ? html`<h4>${heading}</h4>` : html`<h3>${heading}</h3>`}
      <p>
        ${logistics.carrier ? t('after.methodWith', { method, carrier: logistics.carrier }) : method}
      </p>
      ${
        qr
          ? html`<p>${t('after.qr')}</p>
              ${this._qr(qr)}`
          : nothing
      }
      ${
        label
          ? html`<p>${t('after.label')}</p>
              <p>
                <a part="label-link" href=${label} target="_blank" rel="noopener noreferrer"
                  >${t('after.download')}</a
                >
              </p>`
          : nothing
      }
      ${!qr && !label ? html`<p>${t('after.noLabel')}</p>` : nothing}
      ${
        point
          ? html`<p>${t('after.dropOff')}</p>
              <address>
                <strong>${point.name}</strong> (${point.carrier})<br />${this._address(
                  point.address,
                )}
              </address>`
          : nothing
      }
      ${
        pickup
          ? html`<p>
                ${t('after.pickup', {
                  date: dateText(pickup.date, locale, {
                    weekday: 'long',
                    day: 'numeric',
                    month: 'long',
                  }),
                  hours: pickup.from + DASH + pickup.to,
                })}
              </p>
              <address>${pickup.address.name}<br />${this._address(pickup.address)}</address>`
          : nothing
      }
      ${
        logistics.return_by
          ? html`<p class="by">
              ${t('after.returnBy', {
                date: dateText(logistics.return_by, locale, { dateStyle: 'long' }),
              })}
            </p>`
          : nothing
      }
      <button
        type="button"
        part="button print-button"
        class="print secondary"
        @click=${this._print}
      >
        ${t('after.print')}
      </button>
    </div>`;
  }
}

define('rever-return-instructions', ReverReturnInstructions);

declare global {
  interface HTMLElementTagNameMap {
    'rever-return-instructions': ReverReturnInstructions;
  }
}
