import { Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  COUNTRY_PATTERN,
  PHONE_PATTERN,
  POSTAL_CODE_PATTERN,
  SLOT_UNAVAILABLE,
  type Address,
  type ChooseReturnMethodRequest,
  type DropOffPoint,
  type OpeningHours,
  type PickupSlot,
  type ReturnMethod,
} from '../../../contract/index.ts';
import { ReverError } from '../../services/errors.ts';
import { dateFormat, numberFormat } from '../../services/intl.ts';
import { mapsUrl, methodCost, openingState, openingsOn } from '../../services/logistics.ts';
import { formatMoney } from '../../services/money.ts';
import type { Draft } from '../../state/flow.ts';
import type { I18n } from '../../i18n/i18n.ts';
import type { MessageKey } from '../../i18n/en.ts';
import '../../i18n/en-steps.ts';
import { define } from '../internal/define.ts';
import { focusField } from '../internal/focus-field.ts';
import { ReverStep, type Resumable } from '../internal/step.ts';
import { sharedStyles } from '../internal/shared.styles.ts';
import { methodStyles } from './return-method.styles.ts';
import { methodLabel, radioGroupPrefix } from '../resolution-picker/resolution-picker.ts';

/** The address fields of the pickup form, in the order shown. */
const FIELDS = ['name', 'line1', 'line2', 'postal_code', 'city', 'country', 'phone'] as const;
type Field = (typeof FIELDS)[number];
const OPTIONAL: readonly Field[] = ['line2', 'phone'];

/** What is wrong with an address field, or null: required, then its contract pattern. */
export function addressProblem(field: Field, value: string): 'required' | 'invalid' | null {
  const v = value.trim();
  if (!v) return OPTIONAL.includes(field) ? null : 'required';
  if (field === 'postal_code' && !POSTAL_CODE_PATTERN.test(v)) return 'invalid';
  if (field === 'country' && !COUNTRY_PATTERN.test(v.toUpperCase())) return 'invalid';
  if (field === 'phone' && !PHONE_PATTERN.test(v)) return 'invalid';
  return null;
}

/** A method's kind in words: a known type by its label, an unknown one by its name. */
export function methodTypeLabel(type: string, i18n: I18n): string {
  const key = `ship.type.${type}`;
  return i18n.has(key) ? i18n.t(key) : type.replaceAll('_', ' ').toLowerCase();
}

const DAYS = [1, 2, 3, 4, 5, 6, 7];

/** A weekday's name (Monday = 1) in the locale. */
function weekday(day: number, locale: string): string {
  // 5 Jan 2026 was a Monday.
  return dateFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 4 + day)),
  );
}

// Escaped, so the classic scripts stay plain ASCII (a page left in windows-1252 reads them right).
const DOT = '\u00b7';
const DASH = '\u2013';

const hoursText = (hours: OpeningHours[]) => hours.map((h) => h.opens + DASH + h.closes).join(', ');

/** Metres or kilometres, as the locale writes them. */
function distanceText(metres: number, locale: string): string {
  return metres < 1000
    ? numberFormat(locale, { style: 'unit', unit: 'meter' }).format(metres)
    : numberFormat(locale, {
        style: 'unit',
        unit: 'kilometer',
        maximumFractionDigits: 1,
      }).format(metres / 1000);
}

/** "Thu 3 Dec" in the locale, from a YYYY-MM-DD date (a calendar day: no time zone moves it). */
export function dayText(date: string, locale: string): string {
  return dateFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/**
 * The "Send it back" step: the return methods REVER offers for this return with what each costs
 * for the refund methods chosen, then the part the chosen one needs (a drop-off point near a
 * postcode, or a pickup address and slot), then one choice sent to REVER, whose answer gives the
 * cost deducted and the totals.
 *
 * @summary Chooses how the parcel goes back.
 * @fires rever-intent - (internal) `return-method-chosen` with REVER's answer, then `step-done`;
 *   `step-error` when a request fails.
 * @internal Composed by `<rever-returns>`.
 */
export class ReverReturnMethod extends ReverStep {
  static override styles = [sharedStyles, methodStyles];

  @property({ attribute: false }) draft!: Draft;

  /** This element's prefix of its radios' names (see `radioGroupPrefix`). */
  private readonly _radios = radioGroupPrefix('ship');

  /** The clock the opening hours are read against (tests set it). */
  @property({ attribute: false }) now: () => Date = () => new Date();

  @state() private _methodId = '';
  @state() private _postcode: string | null = null;
  @state() private _country: string | null = null;
  @state() private _pointId = '';
  @state() private _slotId = '';
  @state() private _address: Partial<Record<Field, string>> | null = null;
  @state() private _touched = false;
  @state() private _slotGone = false;
  @state() private _searched = '';
  /** The drop-off search's fields that did not check out when the shopper searched. */
  @state() private _searchErrors: { postcode?: boolean; country?: boolean } = {};

  private _methods = new Task(this, {
    args: () => [this.draft.session] as const,
    // A REVER (or merchant) without return logistics has no methods: nothing to choose.
    task: ([session], opts) => this._rever().methodsFor(session, opts),
    onComplete: ({ methods }) => {
      if (methods.length === 0) this.emit('step-done', { skipped: true });
      else this._resume(methods);
    },
    onError: this._failed,
  });

  private _points = new Task(this, {
    autoRun: false,
    task: ([methodId, postalCode, country]: [string, string, string], opts) =>
      this._rever().dropOffPoints(
        this.draft.session,
        { returnMethodId: methodId, postalCode, country },
        opts,
      ),
    onError: this._failed,
  });

  private _slots = new Task(this, {
    autoRun: false,
    task: ([methodId]: [string], opts) =>
      this._rever().pickupSlots(this.draft.session, methodId, opts),
    onError: this._failed,
  });

  private _choose = new Task(this, {
    autoRun: false,
    task: ([choice]: [ChooseReturnMethodRequest], opts) =>
      this._rever().chooseMethod(this.draft.session, choice, opts),
    onComplete: (answer) => {
      const method = this._method();
      if (!method) return;
      const point = this._pointList()?.find((p) => p.id === this._pointId);
      const slot = this._slots.value?.find((s) => s.id === this._slotId);
      this.emit('return-method-chosen', {
        method,
        answer,
        ...(point ? { point } : {}),
        ...(slot ? { slot } : {}),
      });
      this.emit('step-done', null);
    },
    onError: (error) => {
      if (error instanceof ReverError && error.upstreamCode === SLOT_UNAVAILABLE) {
        // Taken meanwhile: said, and the slots still free shown again.
        this._slotGone = true;
        this._slotId = '';
        void this._slots.run([this._methodId]);
        return;
      }
      this._failed(error);
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const task of [this._methods, this._points, this._slots, this._choose]) task.abort();
  }

  /** The last choice sent, to send again when it failed for want of the network. */
  private _sent?: ChooseReturnMethodRequest;

  protected override _resumable(): Resumable[] {
    return [
      [this._methods, () => this._methods.run()],
      [this._points, () => this._search()],
      [this._slots, () => this._slots.run([this._methodId])],
      [this._choose, () => this._sent && this._choose.run([this._sent])],
    ];
  }

  /**
   * The choice REVER acknowledged earlier (back from review, or a reload: the draft keeps it),
   * chosen again when REVER still offers its method: the point or slot stays chosen, and the
   * points near the shipping postcode or the free slots are read again to show it among them.
   */
  private _resume(methods: ReturnMethod[]): void {
    const kept = this.draft.shipping;
    if (this._methodId || !kept) return;
    const method = methods.find((m) => m.id === kept.method.id);
    if (!method) return;
    this._pick(method);
    this._pointId = kept.point?.id ?? '';
    this._slotId = kept.slot?.id ?? '';
  }

  /** The points to choose from: the search's, else (no postcode to search after a reload) the one kept. */
  private _pointList(): DropOffPoint[] | undefined {
    if (this._points.status !== TaskStatus.INITIAL) {
      return this._points.status === TaskStatus.COMPLETE ? this._points.value : undefined;
    }
    const kept = this.draft.shipping;
    return kept?.point && kept.method.id === this._methodId ? [kept.point] : undefined;
  }

  private _method(): ReturnMethod | undefined {
    return this._methods.value?.methods.find((m) => m.id === this._methodId);
  }

  private get _shipping(): Partial<Address> {
    return this.draft.order.shipping_address ?? {};
  }

  private _addressValue(field: Field): string {
    return this._address?.[field] ?? this._shipping[field] ?? '';
  }

  private _chosenRefunds(): string[] {
    return Object.values(this.draft.saved).map((r) => r.method);
  }

  private _pick(method: ReturnMethod): void {
    this._methodId = method.id;
    this._pointId = '';
    this._slotId = '';
    this._slotGone = false;
    this._touched = false;
    if (method.requires.includes('DROP_OFF_POINT')) this._search();
    if (method.requires.includes('PICKUP_SLOT')) void this._slots.run([method.id]);
  }

  /**
   * Searches the points near the postcode and country of the form (the shipping address's until
   * the shopper changes them). Picking the method searches by itself when they check out; an
   * order without a shipping address leaves the form empty for the shopper to fill in. A search
   * the shopper asked for (`asked`) says what is wrong instead, next to the field, and goes there.
   */
  private _search(asked = false): void {
    const postcode = (this._postcode ?? this._shipping.postal_code ?? '').trim();
    const country = (this._country ?? this._shipping.country ?? '').trim().toUpperCase();
    const errors = {
      postcode: !POSTAL_CODE_PATTERN.test(postcode),
      country: !COUNTRY_PATTERN.test(country),
    };
    if (errors.postcode || errors.country) {
      if (!asked) return;
      this._searchErrors = errors;
      const first = errors.postcode ? 'postcode' : 'country';
      void this.updateComplete.then(() =>
        focusField(this.renderRoot.querySelector<HTMLInputElement>(`#${first}`)),
      );
      return;
    }
    this._searchErrors = {};
    this._searched = postcode;
    void this._points.run([this._methodId, postcode, country]);
  }

  private _onSearch(event: SubmitEvent): void {
    event.preventDefault();
    this._pointId = '';
    this._search(true);
  }

  private _addressErrors(): [Field, 'required' | 'invalid'][] {
    return FIELDS.flatMap((f) => {
      const problem = addressProblem(f, this._addressValue(f));
      return problem ? [[f, problem] as [Field, 'required' | 'invalid']] : [];
    });
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this._choose.status === TaskStatus.PENDING) return;
    this._touched = true;
    const method = this._method();
    if (!method) return;
    const choice: ChooseReturnMethodRequest = { return_method_id: method.id };
    if (method.requires.includes('DROP_OFF_POINT')) {
      if (!this._pointId) return;
      choice.drop_off_point_id = this._pointId;
    }
    if (method.requires.includes('ADDRESS')) {
      if (this._addressErrors().length > 0) {
        // Marked invalid by the render that `_touched` asks for: the first one, once it is.
        void this.updateComplete.then(() =>
          focusField(this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')),
        );
        return;
      }
      const value = (f: Field) => this._addressValue(f).trim();
      choice.pickup_address = {
        name: value('name'),
        line1: value('line1'),
        city: value('city'),
        postal_code: value('postal_code'),
        country: value('country').toUpperCase(),
        ...(value('line2') ? { line2: value('line2') } : {}),
        ...(value('phone') ? { phone: value('phone') } : {}),
      };
    }
    if (method.requires.includes('PICKUP_SLOT')) {
      if (!this._slotId) return;
      choice.pickup_slot_id = this._slotId;
    }
    this._slotGone = false;
    this._sent = choice;
    void this._choose.run([choice]);
  }

  private _costText(method: ReturnMethod, offered: string[]) {
    const { t, locale } = this.i18n;
    const currency = this.draft.order.currency;
    const money = (m: number) => formatMoney(m, currency, locale);
    const cost = methodCost(method, this._chosenRefunds(), offered);
    const main =
      cost.amount === 0 ? t('ship.free') : t('ship.cost', { amount: money(cost.amount) });
    if (!cost.cheaper) return main;
    const other = methodLabel(cost.cheaper.with, this.i18n);
    const note =
      cost.cheaper.amount === 0
        ? t('ship.freeWith', { method: other })
        : t('ship.cheaperWith', { amount: money(cost.cheaper.amount), method: other });
    return html`${main}<span class="meta">${note}</span>`;
  }

  private _methodsList() {
    const { t } = this.i18n;
    const loaded = this._methods.value;
    if (!loaded) return nothing;
    const offered = loaded.refunds.map((r) => r.method);
    const labelKey = (label: string) => `ship.label.${label}` as MessageKey;
    return html`<fieldset>
      <legend>${t('ship.methods')}</legend>
      <ul class="options">
        ${loaded.methods.map(
          (m) =>
            html`<li>
              <label class="option">
                <input
                  type="radio"
                  name="${this._radios}method"
                  .value=${m.id}
                  .checked=${m.id === this._methodId}
                  @change=${() => this._pick(m)}
                />
                <span>
                  <strong>${methodTypeLabel(m.type, this.i18n)}</strong>
                  ${m.carrier ? `${DOT} ${m.carrier.name}` : nothing}
                  <span class="meta">${t(labelKey(m.label))}</span>
                  <span class="meta cost">${this._costText(m, offered)}</span>
                </span>
              </label>
            </li>`,
        )}
      </ul>
    </fieldset>`;
  }

  private _pointItem(point: DropOffPoint) {
    const { t, locale } = this.i18n;
    const { open, today } = openingState(point.opening_hours, this.now());
    return html`<li>
      <label class="option">
        <input
          type="radio"
          name="${this._radios}point"
          .value=${point.id}
          .checked=${point.id === this._pointId}
          @change=${() => (this._pointId = point.id)}
        />
        <span>
          <strong>${point.name}</strong> ${DOT} ${point.carrier}
          <span class="meta"
            >${point.address.line1}, ${point.address.postal_code} ${point.address.city}</span
          >
          <span class="meta"
            >${t('ship.distance', { distance: distanceText(point.distance_m, locale) })}</span
          >
          <span class="meta ${open ? 'open' : ''}">
            ${open ? t('ship.openNow') : t('ship.closedNow')} ${DOT}
            ${today.length ? t('ship.today', { hours: hoursText(today) }) : t('ship.closed')}
          </span>
        </span>
      </label>
      <details>
        <summary>${t('ship.week')}</summary>
        <dl>
          ${DAYS.map((day) => {
            const openings = openingsOn(point.opening_hours, day);
            return html`<dt>${weekday(day, locale)}</dt>
              <dd>${openings.length ? hoursText(openings) : t('ship.closed')}</dd>`;
          })}
        </dl>
      </details>
      <a href=${mapsUrl(point.address)} target="_blank" rel="noopener noreferrer"
        >${t('ship.maps')}</a
      >
    </li>`;
  }

  private _dropOff() {
    const { t } = this.i18n;
    const points = this._pointList();
    const field = (
      id: 'postcode' | 'country',
      label: string,
      value: string,
      error: string,
      set: (value: string) => void,
    ) => {
      const bad = !!this._searchErrors[id];
      return html`<label for=${id}>${label}</label>
        <input
          id=${id}
          part="input"
          autocomplete=${id === 'postcode' ? 'postal-code' : 'country'}
          maxlength=${id === 'postcode' ? 12 : 2}
          .value=${value}
          aria-invalid=${bad ? 'true' : 'false'}
          aria-describedby=${bad ? `${id}-error` : nothing}
          @input=${(e: Event) => {
            set((e.target as HTMLInputElement).value);
            if (bad) this._searchErrors = { ...this._searchErrors, [id]: false };
          }}
        />
        ${bad ? html`<p id="${id}-error" class="invalid-text">${error}</p>` : nothing}`;
    };
    return html`<form class="search fields" novalidate @submit=${this._onSearch}>
        ${field(
          'postcode',
          t('ship.field.postal_code'),
          this._postcode ?? this._shipping.postal_code ?? '',
          t('ship.postcodeInvalid'),
          (v) => (this._postcode = v),
        )}
        ${field(
          'country',
          t('ship.field.country'),
          this._country ?? this._shipping.country ?? '',
          t('ship.countryInvalid'),
          (v) => (this._country = v),
        )}
        <button type="submit" part="button" class="secondary">${t('ship.search')}</button>
      </form>
      ${
        this._points.status === TaskStatus.ERROR
          ? this._alert(this._points.error, () => this._search())
          : nothing
      }
      ${
        points
          ? points.length === 0
            ? html`<p>${t('ship.noPoints', { postcode: this._searched })}</p>`
            : html`<fieldset>
                <legend>
                  ${t('ship.points', {
                    postcode: this._searched || (points[0]?.address.postal_code ?? ''),
                  })}
                </legend>
                <ul class="options">
                  ${points.map((p) => this._pointItem(p))}
                </ul>
                ${
                  this._touched && !this._pointId
                    ? html`<p class="invalid-text" role="alert">${t('ship.choosePoint')}</p>`
                    : nothing
                }
              </fieldset>`
          : nothing
      }`;
  }

  private _pickup(method: ReturnMethod) {
    const { t, locale } = this.i18n;
    const errors = new Map(this._touched ? this._addressErrors() : []);
    const byDay = new Map<string, PickupSlot[]>();
    for (const slot of this._slots.value ?? []) {
      byDay.set(slot.date, [...(byDay.get(slot.date) ?? []), slot]);
    }
    const label = (f: Field) => t(`ship.field.${f}` as MessageKey);
    return html`${
      method.requires.includes('ADDRESS')
        ? html`<fieldset class="fields">
            <legend>${t('ship.address')}</legend>
            ${FIELDS.map((f) => {
              const problem = errors.get(f);
              return html`<label for=${`f-${f}`}>${label(f)}</label>
                <input
                  id=${`f-${f}`}
                  part="input"
                  .value=${this._addressValue(f)}
                  aria-invalid=${problem ? 'true' : 'false'}
                  aria-describedby=${problem ? `f-${f}-error` : nothing}
                  @input=${(e: Event) =>
                    (this._address = {
                      ...this._address,
                      [f]: (e.target as HTMLInputElement).value,
                    })}
                />
                ${
                  problem
                    ? html`<p id=${`f-${f}-error`} class="invalid-text">
                        ${t(problem === 'required' ? 'ship.required' : 'ship.invalid', {
                          field: label(f),
                        })}
                      </p>`
                    : nothing
                }`;
            })}
          </fieldset>`
        : nothing
    }
    ${
      this._slotGone
        ? html`<div role="alert" part="error"><p>${t('ship.slotGone')}</p></div>`
        : nothing
    }
    ${
      this._slots.status === TaskStatus.ERROR
        ? this._alert(this._slots.error, () => this._slots.run([method.id]))
        : nothing
    }
    ${
      this._slots.status === TaskStatus.COMPLETE
        ? byDay.size === 0
          ? html`<p>${t('ship.noSlots')}</p>`
          : // One choice, so one group of one name (arrow keys go through every slot): each day
            // a list named by the day, not a group of its own (radios of one name in different
            // groups read as a split choice), and each slot's label says its day.
            html`<fieldset>
              <legend>${t('ship.slots')}</legend>
              ${[...byDay].map(
                ([date, slots], d) =>
                  html`<p class="day" id="day-${d}">${dayText(date, locale)}</p>
                    <ul class="options" aria-labelledby="day-${d}">
                      ${slots.map(
                        (s) =>
                          html`<li>
                            <label class="option">
                              <input
                                type="radio"
                                name="${this._radios}slot"
                                .value=${s.id}
                                .checked=${s.id === this._slotId}
                                @change=${() => (this._slotId = s.id)}
                              />
                              ${dayText(date, locale)}, ${s.from + DASH + s.to}
                            </label>
                          </li>`,
                      )}
                    </ul>`,
              )}
              ${
                this._touched && !this._slotId
                  ? html`<p class="invalid-text" role="alert">${t('ship.chooseSlot')}</p>`
                  : nothing
              }
            </fieldset>`
        : nothing
    }`;
  }

  override render() {
    const { t } = this.i18n;
    const method = this._method();
    const saving = this._choose.status === TaskStatus.PENDING;
    const loading = this._methods.status === TaskStatus.PENDING;
    const chooseError =
      this._choose.status === TaskStatus.ERROR &&
      !(
        this._choose.error instanceof ReverError &&
        this._choose.error.upstreamCode === SLOT_UNAVAILABLE
      )
        ? this._choose.error
        : undefined;
    return html`<section aria-labelledby="ship-heading">
      <h2 id="ship-heading" tabindex="-1" part="heading">${t('ship.heading')}</h2>
      ${
        this._methods.status === TaskStatus.ERROR
          ? this._alert(this._methods.error, () => this._methods.run())
          : nothing
      }
      ${this._methodsList()}
      ${method?.requires.includes('DROP_OFF_POINT') ? this._dropOff() : nothing}
      ${
        method && (method.requires.includes('PICKUP_SLOT') || method.requires.includes('ADDRESS'))
          ? this._pickup(method)
          : nothing
      }
      ${chooseError ? this._alert(chooseError) : nothing}
      <form novalidate @submit=${this._onSubmit}>
        ${
          this._touched && !method
            ? html`<p class="invalid-text" role="alert">${t('ship.chooseMethod')}</p>`
            : nothing
        }
        <button type="submit" part="button" aria-disabled=${saving ? 'true' : 'false'}>
          ${t('nav.continue')}
        </button>
      </form>
      ${this._status(
        saving ||
          loading ||
          this._points.status === TaskStatus.PENDING ||
          this._slots.status === TaskStatus.PENDING
          ? t('ship.loading')
          : '',
      )}
    </section>`;
  }
}

define('rever-return-method', ReverReturnMethod);

declare global {
  interface HTMLElementTagNameMap {
    'rever-return-method': ReverReturnMethod;
  }
}
