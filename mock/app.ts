/**
 * The embedded mock of REVER's Storefront API: every operation of the contract, with state (a
 * return's lines, preferences, confirmation) over the seed in seed.ts. Like the real one it refuses
 * requests without the API key, validates them against the OpenAPI document and answers errors in
 * the contract's shape. Each call makes an independent instance, so tests never share state.
 *
 * Error codes, where the contract names none: 400 `invalid_request` (the document's schemas),
 * `comment_required`, `exchange_variant_required`, `bank_account_required`, `invalid_iban`,
 * `method_not_offered`; 401 `unauthorized`; 403 `forbidden`; 404 `not_found`, `order_not_found`;
 * 409 `conflict` (the return is confirmed, or the line is not in it yet); 422 `not_returnable`,
 * `return_window_closed`, `empty_return`, `preferences_missing`, `not_applicable` (drop-off points
 * or slots of a method that needs none), `drop_off_point_required`, `pickup_slot_required`,
 * `address_required`, `slot_unavailable` (a slot taken meanwhile); 500 `internal`.
 *
 * Return logistics (contract notes k–o) come from seed-logistics.ts: choosing a method deducts its
 * cost (contract/return-cost.ts) and confirming answers what to do next, which the active returns
 * carry afterwards.
 *
 * Runs on any fetch-handler runtime that can read the document (see validate.ts); ids and tokens
 * come from globalThis.crypto.
 */
import { Hono, type Context } from 'hono';
import {
  API_KEY_HEADER,
  CUSTOMER_TOKEN_HEADER,
  EXCHANGE_METHOD,
  QUERY,
  matchOperation,
  SLOT_UNAVAILABLE,
  type ActiveReturn,
  type ActiveReturnsResponse,
  type AddLineItemRequest,
  type Address,
  type ChooseReturnMethodRequest,
  type ChooseReturnMethodResponse,
  type DropOffPoint,
  type DropOffPointsResponse,
  type Logistics,
  type PickupSlot,
  type PickupSlotsResponse,
  type ReturnMethod,
  type ReturnMethodsResponse,
  type ClientPreferences,
  type ConfirmResponse,
  type ExchangeOptionsResponse,
  type OperationId,
  type RefundOptionsResponse,
  type ReturnLineItemsResponse,
  type ReturnReasonsResponse,
  type SaveClientPreferencesResponse,
  type StartIntentRequest,
  type StartIntentResponse,
} from '../contract/index.ts';
import { isValidIban } from '../contract/iban.ts';
import { afterReturnCost, returnCostFor } from '../contract/return-cost.ts';
import {
  dropOffPointsNear,
  POINTS_BY_ID,
  SEED_LOGISTICS,
  VANISHING_SLOT,
} from './seed-logistics.ts';
import {
  LANGS,
  MOCK_API_KEY,
  REASONS,
  SEED_ORDERS,
  type SeedImage,
  type SeedLine,
  type SeedOrder,
} from './seed.ts';
import { compileValidators, readDocument } from './validate.ts';

interface ReturnLine {
  quantity: number;
  reasonId: string;
  comment?: string;
}

/** One return process, opened by a return intent. */
export interface ReturnProcess {
  id: string;
  orderId: string;
  token: string;
  lines: Map<string, ReturnLine>;
  preferences: Map<string, ClientPreferences>;
  /** How the parcel goes back, once chosen. */
  returnMethod: ChosenMethod | null;
  /** The answer of the first confirm, replayed by any later one. */
  confirmation: ConfirmResponse | null;
  createdAt: string;
}

/** A return method with the parts it required, as chosen. */
export interface ChosenMethod {
  method: ReturnMethod;
  point?: DropOffPoint;
  slot?: PickupSlot;
  address?: Address;
}

export interface MockState {
  /** Every return process opened on this instance, by id. */
  returns: Map<string, ReturnProcess>;
  /** Pickup slots taken by someone else since the start (the KWD order's vanishing slot). */
  takenSlots: Set<string>;
}

export interface MockReverOptions {
  /** The key requests must carry (default MOCK_API_KEY). */
  apiKey?: string;
  /** The origin image URLs are built on; default: the origin of each request. */
  publicUrl?: string;
}

/**
 * A fault the mock injects, for tests: set through `setFaults` on the MockRever object only,
 * never through HTTP, so a running demo cannot be made to misbehave from outside.
 */
export interface MockFault {
  /** The operation it hits; unset: every operation. */
  operation?: OperationId;
  /**
   * `latency`: answers normally after `delayMs`; `status`: answers `status` (default 503) in the
   * contract's error shape; `rate-limit`: 429 with `Retry-After: retryAfter` (default 1);
   * `malformed`: 200 with a body that is not JSON; `reset`: drops the connection unanswered;
   * `slow-body`: the normal answer, dribbled out in chunks `delayMs` apart.
   */
  kind: 'latency' | 'status' | 'rate-limit' | 'malformed' | 'reset' | 'slow-body';
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  /** How many matching requests it hits before it is spent; unset: until cleared. */
  times?: number;
}

export interface MockRever {
  app: Hono;
  state: MockState;
  /** Forgets every return opened since the start; the seed stays. */
  reset(): void;
  /** Replaces the injected faults (tests only; see MockFault). */
  setFaults(faults: MockFault[]): void;
  /** How many requests each fault has hit so far, in `setFaults` order. */
  faultHits(): number[];
}

type Status = 400 | 401 | 403 | 404 | 409 | 422 | 500;

class MockError extends Error {
  constructor(
    readonly status: Status,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a handler sees of a request: already authenticated by key and valid by the contract. */
interface MockRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  token: string | undefined;
  /** Where the mock's images are served from. */
  origin: string;
}

// Compiled once per process: every instance shares the same contract.
const validators = compileValidators(readDocument());

const ORDERS = new Map(SEED_ORDERS.map((o) => [o.id, o]));

/** The product name each seeded image shows, for its initials. */
const IMAGE_SUBJECTS = new Map(
  SEED_ORDERS.flatMap((o) => o.lines).flatMap((l) => [
    ...l.images.map((i) => [i.name, l.name] as const),
    ...l.exchange.flatMap((v) => (v.image ? [[v.image.name, v.name] as const] : [])),
  ]),
);

const IMAGE_NAME = /^([A-Za-z0-9_-]{1,64})(?:\.svg)?$/;

/** Path-safe (schema `Id`) and unguessable: 128 random bits. */
const randomId = (prefix: string) =>
  `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;

/**
 * The value of `quantity` units of a line, pro rata of what the line cost. Rounded once, on the
 * total, so returning every unit refunds the line's total exactly (a rounded unit price times the
 * quantity could lose or invent a cent: 10.00 for 3 units is not 3 × 3.33).
 */
function unitsValue(line: SeedLine, quantity: number): number {
  return Math.round((line.total * quantity) / line.quantity);
}

/** Today in UTC as YYYY-MM-DD, `days` later. */
function dayFromToday(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The line's last day, when it has a window. */
function deadlineOf(line: SeedLine): string | undefined {
  if (!line.window) return undefined;
  return 'closedOn' in line.window ? line.window.closedOn : dayFromToday(line.window.daysLeft);
}

/**
 * Pickup slots over the next working days (Kuwait rests on Fridays, the others on Sundays),
 * mornings and afternoons; the KWD order's first one is the slot that vanishes when chosen.
 */
function pickupSlotsOf(method: ReturnMethod, country: string): PickupSlot[] {
  const rest = country === 'KW' ? 5 : 0;
  const slots: PickupSlot[] = [];
  for (let days = 1; slots.length < 8; days++) {
    const date = dayFromToday(days);
    if (new Date(`${date}T00:00:00Z`).getUTCDay() === rest) continue;
    const key = `${method.id.replace(/^rm_/, '')}_${date.replaceAll('-', '')}`;
    slots.push(
      { id: `slot_${key}_am`, date, from: '09:00', to: '14:00' },
      { id: `slot_${key}_pm`, date, from: '14:00', to: '19:00' },
    );
  }
  if (country === 'KW') slots[0] = { ...slots[0]!, id: VANISHING_SLOT };
  return slots;
}

function lineOf(order: SeedOrder, lineId: string): SeedLine {
  const line = order.lines.find((l) => l.id === lineId);
  if (!line) throw new MockError(404, 'not_found', 'The order has no such line.');
  return line;
}

export function createMockRever(options: MockReverOptions = {}): MockRever {
  const apiKey = options.apiKey ?? MOCK_API_KEY;
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const state: MockState = { returns: new Map(), takenSlots: new Set() };

  const orderOf = (process: ReturnProcess) => ORDERS.get(process.orderId)!;
  const confirmed = (orderId: string) =>
    [...state.returns.values()].filter((r) => r.orderId === orderId && r.confirmation);

  /** In progress: the seed's unsettled returns plus the returns confirmed on this instance. */
  const inProgress = (order: SeedOrder, line: SeedLine) =>
    line.quantity_in_progress +
    confirmed(order.id).reduce((sum, r) => sum + (r.lines.get(line.id)?.quantity ?? 0), 0);

  const returnable = (order: SeedOrder, line: SeedLine) =>
    Math.max(
      0,
      line.quantity -
        inProgress(order, line) -
        line.quantity_returned -
        line.quantity_not_returnable,
    );

  const imageView = (req: MockRequest, image: SeedImage) => ({
    src: `${req.origin}/images/${image.name}.svg`,
    alt: image.alt,
  });

  function openReturn(req: MockRequest, order: SeedOrder): StartIntentResponse {
    const process: ReturnProcess = {
      id: randomId('ret'),
      orderId: order.id,
      token: randomId('tok'),
      lines: new Map(),
      preferences: new Map(),
      returnMethod: null,
      confirmation: null,
      createdAt: new Date().toISOString(),
    };
    state.returns.set(process.id, process);
    return {
      order: {
        id: order.id,
        currency: order.currency,
        return_id: process.id,
        customer_token: process.token,
        line_items: order.lines.map((line) => ({
          id: line.id,
          name: line.name,
          variant_name: line.variant_name,
          quantity: line.quantity,
          quantity_in_progress: inProgress(order, line),
          quantity_returned: line.quantity_returned,
          quantity_not_returnable: line.quantity_not_returnable,
          available_return_reasons: line.reasons.map((id) => ({ id })),
          total: line.total,
          product: { images: line.images.map((i) => imageView(req, i)) },
          ...(line.window ? { return_deadline: deadlineOf(line)! } : {}),
        })),
        shipping_address: SEED_LOGISTICS[order.id]!.shippingAddress,
      },
    };
  }

  /** The process whose token the request carries: 401 without one, or one never issued. */
  function tokenHolder(req: MockRequest): ReturnProcess {
    const holder = req.token
      ? [...state.returns.values()].find((r) => r.token === req.token)
      : undefined;
    if (!holder) throw new MockError(401, 'unauthorized', 'Missing or unknown customer token.');
    return holder;
  }

  /** The return in the path, if the token was issued for it: 403 for another shopper's token. */
  function ownReturn(req: MockRequest): ReturnProcess {
    const holder = tokenHolder(req);
    const process = state.returns.get(req.params['return_id']!);
    if (!process) throw new MockError(404, 'not_found', 'No such return.');
    if (process !== holder) throw new MockError(403, 'forbidden', 'Not your return.');
    return process;
  }

  function openReturnOnly(req: MockRequest): ReturnProcess {
    const process = ownReturn(req);
    if (process.confirmation) {
      throw new MockError(409, 'conflict', 'The return is confirmed and can no longer change.');
    }
    return process;
  }

  const linesView = (process: ReturnProcess): ReturnLineItemsResponse => ({
    return_id: process.id,
    line_items: [...process.lines].map(([id, l]) => ({
      line_item_id: id,
      quantity: l.quantity,
      return_reason_id: l.reasonId,
    })),
  });

  /** Money refunds and credit (store credit with its bonus, and exchanges: assumption c). */
  function totals(process: ReturnProcess) {
    const order = orderOf(process);
    const bonus =
      order.refundOptions.find((o) => o.method === 'STORE_CREDIT')?.bonus_percentage ?? 0;
    let refund = 0;
    let credit = 0;
    for (const [lineId, picked] of process.lines) {
      const method = process.preferences.get(lineId)?.method;
      if (!method) continue;
      const value = unitsValue(lineOf(order, lineId), picked.quantity);
      if (method === 'STORE_CREDIT') credit += Math.round((value * (100 + bonus)) / 100);
      else if (method === EXCHANGE_METHOD) credit += value;
      else refund += value;
    }
    return { refund, credit };
  }

  /** The totals once the chosen return method's cost is deducted. */
  function settle(process: ReturnProcess) {
    const before = totals(process);
    if (!process.returnMethod) return { ...before, deducted: 0 };
    const methods = [...process.preferences.values()].map((p) => p.method);
    return afterReturnCost(before, returnCostFor(process.returnMethod.method.costs, methods));
  }

  const methodsOf = (process: ReturnProcess) => SEED_LOGISTICS[process.orderId]!.methods;

  function methodOf(process: ReturnProcess, id: string): ReturnMethod {
    const method = methodsOf(process).find((m) => m.id === id);
    if (!method) throw new MockError(404, 'not_found', 'No such return method.');
    return method;
  }

  const freeSlots = (process: ReturnProcess, method: ReturnMethod) =>
    pickupSlotsOf(method, SEED_LOGISTICS[process.orderId]!.shippingAddress.country).filter(
      (s) => !state.takenSlots.has(s.id),
    );

  /** What the shopper does next: the label or code, where, and by when (contract note o). */
  function logisticsOf(process: ReturnProcess): Logistics | undefined {
    const chosen = process.returnMethod;
    if (!chosen) return undefined;
    const { method } = chosen;
    const carrier = method.carrier?.name;
    return {
      type: method.type,
      ...(carrier ? { carrier } : {}),
      ...(method.label === 'PRINTED'
        ? { label_url: `https://labels.rever.example/${process.id}.pdf` }
        : {}),
      ...(method.label === 'QR'
        ? {
            qr_code: `RVR1|${process.id}|${(carrier ?? 'REVER').toUpperCase()}|${chosen.point?.id ?? ''}`,
          }
        : {}),
      return_by: dayFromToday(14),
      ...(chosen.point ? { drop_off_point: chosen.point } : {}),
      ...(chosen.slot && chosen.address
        ? {
            pickup: {
              date: chosen.slot.date,
              from: chosen.slot.from,
              to: chosen.slot.to,
              address: chosen.address,
            },
          }
        : {}),
    };
  }

  function checkPreferences(order: SeedOrder, line: SeedLine, prefs: ClientPreferences) {
    if (prefs.method === EXCHANGE_METHOD) {
      const variant = line.exchange.find((v) => v.variant_id === prefs.exchange_variant_id);
      if (!variant) {
        throw new MockError(400, 'exchange_variant_required', 'Choose a variant of this item.');
      }
      if (!variant.available) {
        throw new MockError(422, 'not_returnable', 'That variant is out of stock.');
      }
      return;
    }
    if (!order.refundOptions.some((o) => o.method === prefs.method)) {
      throw new MockError(400, 'method_not_offered', 'That refund method is not offered.');
    }
    if (prefs.method === 'BANK_TRANSFER') {
      if (!prefs.bank_account) {
        throw new MockError(400, 'bank_account_required', 'A bank transfer needs an account.');
      }
      if (!isValidIban(prefs.bank_account.iban)) {
        throw new MockError(400, 'invalid_iban', 'That IBAN is not valid.');
      }
    }
  }

  function activeReturnView(order: SeedOrder, process: ReturnProcess): ActiveReturn {
    return {
      id: process.id,
      order_id: order.id,
      status: process.confirmation!.status,
      created_at: process.createdAt,
      line_items: [...process.lines].map(([id, l]) => ({
        line_item_id: id,
        name: lineOf(order, id).name,
        quantity: l.quantity,
      })),
      tracking: null,
      ...(process.confirmation!.logistics ? { logistics: process.confirmation!.logistics } : {}),
    };
  }

  const handlers: Record<OperationId, (req: MockRequest) => object> = {
    startReturnIntent(req): StartIntentResponse {
      const { email, order_number } = req.body as StartIntentRequest;
      const wanted = email.trim().toLowerCase();
      // The number exactly as stored: '#1001' is not '1001' (the widget explains the '#').
      const order = SEED_ORDERS.find(
        (o) => o.number === order_number && o.email.toLowerCase() === wanted,
      );
      // One answer for an unknown order and a wrong email, so emails cannot be probed.
      if (!order) {
        throw new MockError(404, 'order_not_found', 'No order with that email and number.');
      }
      return openReturn(req, order);
    },

    getActiveReturns(req): ActiveReturnsResponse {
      const own = tokenHolder(req);
      const ids = req.query.getAll(QUERY.orderIds);
      if (ids.some((id) => id !== own.orderId)) {
        throw new MockError(403, 'forbidden', 'Not your order.');
      }
      const order = orderOf(own);
      return {
        returns: [
          ...order.activeReturns.map((r) => ({ ...r, order_id: order.id })),
          ...confirmed(order.id).map((r) => activeReturnView(order, r)),
        ],
      };
    },

    addReturnLineItem(req): ReturnLineItemsResponse {
      const process = openReturnOnly(req);
      const item = req.body as AddLineItemRequest;
      const order = orderOf(process);
      const line = lineOf(order, item.line_item_id);
      if (!line.reasons.includes(item.return_reason_id)) {
        throw new MockError(422, 'not_returnable', 'That reason is not offered for this item.');
      }
      // The line's own earlier pick does not count: adding it again replaces it.
      const deadline = deadlineOf(line);
      if (deadline && deadline < dayFromToday(0)) {
        throw new MockError(
          422,
          'return_window_closed',
          `The return window closed on ${deadline}.`,
        );
      }
      if (item.quantity > returnable(order, line)) {
        throw new MockError(422, 'not_returnable', 'That many units cannot be returned.');
      }
      const reason = REASONS.find((r) => r.id === item.return_reason_id);
      const comment = item.comment?.trim();
      if (reason?.comment_required && !comment) {
        throw new MockError(400, 'comment_required', 'This reason needs a comment.');
      }
      process.lines.set(line.id, {
        quantity: item.quantity,
        reasonId: item.return_reason_id,
        ...(comment ? { comment } : {}),
      });
      return linesView(process);
    },

    removeReturnLineItem(req): ReturnLineItemsResponse {
      const process = openReturnOnly(req);
      const lineId = req.params['line_item_id']!;
      if (!process.lines.delete(lineId)) {
        throw new MockError(404, 'not_found', 'That line is not in the return.');
      }
      process.preferences.delete(lineId);
      return linesView(process);
    },

    getReturnReasons(req): ReturnReasonsResponse {
      ownReturn(req);
      const asked = req.query.get(QUERY.lang);
      const lang = LANGS.find((l) => l === asked) ?? 'en';
      return {
        return_reasons: REASONS.map((r) => ({
          id: r.id,
          name: r.labels[lang],
          comment_required: r.comment_required,
        })),
      };
    },

    getExchangeOptions(req): ExchangeOptionsResponse {
      const order = orderOf(ownReturn(req));
      const line = lineOf(order, req.query.get(QUERY.lineItemId)!);
      return {
        exchange_options: line.exchange.map((v) => ({
          variant_id: v.variant_id,
          name: v.name,
          variant_name: v.variant_name,
          price: v.price,
          available: v.available,
          image: v.image ? imageView(req, v.image) : null,
          ...(v.recommended ? { recommended: true } : {}),
        })),
      };
    },

    getRefundOptions(req): RefundOptionsResponse {
      return { refund_options: orderOf(ownReturn(req)).refundOptions };
    },

    saveClientPreferences(req): SaveClientPreferencesResponse {
      const process = openReturnOnly(req);
      const order = orderOf(process);
      const lineId = req.query.get(QUERY.lineItemId)!;
      const line = lineOf(order, lineId);
      // A line of the order that is not in the return yet: a state conflict, not an unknown line.
      if (!process.lines.has(lineId)) {
        throw new MockError(409, 'conflict', 'Add the line to the return first.');
      }
      const prefs = req.body as ClientPreferences;
      checkPreferences(order, line, prefs);
      process.preferences.set(lineId, prefs);
      return {
        return_id: process.id,
        pending_credit_to_use: totals(process).credit,
        currency: order.currency,
      };
    },

    confirmReturn(req): ConfirmResponse {
      const process = ownReturn(req);
      // Idempotent: a retried confirm answers the first one's result, never a second return.
      if (process.confirmation) return process.confirmation;
      if (process.lines.size === 0) {
        throw new MockError(422, 'empty_return', 'The return has no items.');
      }
      if ([...process.lines.keys()].some((id) => !process.preferences.has(id))) {
        throw new MockError(422, 'preferences_missing', 'Choose a refund or exchange per item.');
      }
      const { refund, credit } = settle(process);
      const logistics = logisticsOf(process);
      process.createdAt = new Date().toISOString();
      process.confirmation = {
        return_id: process.id,
        status: 'RUNNING',
        summary: {
          refund_total: refund,
          credit_total: credit,
          currency: orderOf(process).currency,
        },
        ...(logistics ? { logistics } : {}),
      };
      return process.confirmation;
    },

    getReturnMethods(req): ReturnMethodsResponse {
      return { return_methods: methodsOf(ownReturn(req)) };
    },

    getDropOffPoints(req): DropOffPointsResponse {
      const process = ownReturn(req);
      const method = methodOf(process, req.query.get(QUERY.returnMethodId)!);
      if (!method.requires.includes('DROP_OFF_POINT') || !method.carrier) {
        throw new MockError(422, 'not_applicable', 'This method has no drop-off points.');
      }
      return {
        drop_off_points: dropOffPointsNear(
          method.carrier.name,
          req.query.get(QUERY.postalCode)!,
          req.query.get(QUERY.country)!,
        ),
      };
    },

    getPickupSlots(req): PickupSlotsResponse {
      const process = ownReturn(req);
      const method = methodOf(process, req.query.get(QUERY.returnMethodId)!);
      if (!method.requires.includes('PICKUP_SLOT')) {
        throw new MockError(422, 'not_applicable', 'This method has no pickup slots.');
      }
      return { pickup_slots: freeSlots(process, method) };
    },

    chooseReturnMethod(req): ChooseReturnMethodResponse {
      const process = openReturnOnly(req);
      const choice = req.body as ChooseReturnMethodRequest;
      const method = methodOf(process, choice.return_method_id);
      if (process.lines.size === 0) {
        throw new MockError(422, 'empty_return', 'The return has no items.');
      }
      const chosen: ChosenMethod = { method };
      if (method.requires.includes('DROP_OFF_POINT')) {
        const point = choice.drop_off_point_id && POINTS_BY_ID.get(choice.drop_off_point_id);
        if (!point || point.carrier !== method.carrier?.name) {
          throw new MockError(422, 'drop_off_point_required', 'Choose a drop-off point.');
        }
        chosen.point = point;
      }
      if (method.requires.includes('ADDRESS')) {
        if (!choice.pickup_address) {
          throw new MockError(422, 'address_required', 'A pickup needs an address.');
        }
        chosen.address = choice.pickup_address;
      }
      if (method.requires.includes('PICKUP_SLOT')) {
        if (!choice.pickup_slot_id) {
          throw new MockError(422, 'pickup_slot_required', 'Choose a pickup slot.');
        }
        const slot = freeSlots(process, method).find((s) => s.id === choice.pickup_slot_id);
        // The KWD order's first slot is taken by someone else the moment it is chosen.
        if (slot?.id === VANISHING_SLOT) state.takenSlots.add(slot.id);
        if (!slot || slot.id === VANISHING_SLOT) {
          throw new MockError(422, SLOT_UNAVAILABLE, 'That pickup slot is no longer free.');
        }
        chosen.slot = slot;
      }
      process.returnMethod = chosen;
      const { refund, credit, deducted } = settle(process);
      return {
        return_id: process.id,
        return_cost: deducted,
        refund_total: refund,
        pending_credit_to_use: credit,
        currency: orderOf(process).currency,
      };
    },
  };

  const app = new Hono();
  const fail = (c: Context, status: Status, code: string, message: string) =>
    c.json({ error: { code, message } }, status);

  let faults: { fault: MockFault; hits: number }[] = [];
  /** The first live fault for an operation, counted as hit. */
  const takeFault = (op: OperationId): MockFault | undefined => {
    const live = faults.find(
      ({ fault, hits }) =>
        (!fault.operation || fault.operation === op) &&
        (fault.times === undefined || hits < fault.times),
    );
    if (live) live.hits++;
    return live?.fault;
  };

  // Public, without the key: the shopper's browser loads these straight from the mock.
  app.get('/images/:name', (c) => {
    const name = IMAGE_NAME.exec(c.req.param('name'))?.[1];
    if (!name) return fail(c, 404, 'not_found', 'No such image.');
    return c.body(placeholderSvg(name, IMAGE_SUBJECTS.get(name) ?? name), 200, {
      'content-type': 'image/svg+xml',
      'cache-control': 'public, max-age=3600',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    });
  });

  app.all('*', async (c) => {
    if (c.req.header(API_KEY_HEADER) !== apiKey) {
      return fail(c, 401, 'unauthorized', 'Missing or invalid API key.');
    }
    const url = new URL(c.req.url);
    const match = matchOperation(c.req.method, url.pathname);
    if (!match) return fail(c, 404, 'not_found', 'No such operation.');
    const body = await readJson(c);
    if (body === NOT_JSON) return fail(c, 400, 'invalid_request', 'The body is not JSON.');
    const problem = validators[match.id]({ query: url.searchParams, params: match.params, body });
    if (problem) return fail(c, 400, 'invalid_request', problem);
    const fault = takeFault(match.id);
    if (fault) {
      const early = await injectFault(c, fault);
      if (early) return early;
    }
    try {
      const answer = handlers[match.id]({
        params: match.params,
        query: url.searchParams,
        body,
        token: c.req.header(CUSTOMER_TOKEN_HEADER),
        origin: publicUrl ?? url.origin,
      });
      if (fault?.kind === 'slow-body') return slowBody(JSON.stringify(answer), fault.delayMs ?? 50);
      return c.json(answer);
    } catch (e) {
      if (e instanceof MockError) return fail(c, e.status, e.code, e.message);
      throw e;
    }
  });

  app.onError((_e, c) => fail(c, 500, 'internal', 'The mock failed.'));

  return {
    app,
    state,
    reset: () => {
      state.returns.clear();
      state.takenSlots.clear();
    },
    setFaults: (list) => (faults = list.map((fault) => ({ fault, hits: 0 }))),
    faultHits: () => faults.map((f) => f.hits),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers for a fault, or undefined to go on to the real answer (latency, slow body). */
async function injectFault(c: Context, fault: MockFault): Promise<Response | undefined> {
  switch (fault.kind) {
    case 'latency':
      await sleep(fault.delayMs ?? 200);
      return undefined;
    case 'status':
      return new Response(
        JSON.stringify({ error: { code: 'injected', message: 'An injected failure.' } }),
        { status: fault.status ?? 503, headers: { 'content-type': 'application/json' } },
      );
    case 'rate-limit':
      return new Response(
        JSON.stringify({ error: { code: 'rate_limited', message: 'Slow down.' } }),
        {
          status: 429,
          headers: {
            'content-type': 'application/json',
            'retry-after': String(fault.retryAfter ?? 1),
          },
        },
      );
    case 'malformed':
      return new Response('{"order": {"id": "ord_', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    case 'reset': {
      // On Node the socket is at hand (read by shape); elsewhere a body that errors does it.
      const socket = (c.env as { incoming?: { socket?: { destroy?: unknown } } } | undefined)
        ?.incoming?.socket;
      if (typeof socket?.destroy === 'function') {
        (socket.destroy as () => void).call(socket);
        return new Response(null, { status: 500 }); // written to a closed socket: goes nowhere
      }
      return new Response(
        new ReadableStream({ start: (controller) => controller.error(new Error('reset')) }),
      );
    }
    case 'slow-body':
      return undefined;
  }
}

/** The answer in a few chunks, `delayMs` apart: a slow network or an overloaded upstream. */
function slowBody(text: string, delayMs: number): Response {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.byteLength / 4);
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      await sleep(delayMs);
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
  return new Response(body, { headers: { 'content-type': 'application/json' } });
}

const NOT_JSON = Symbol('not JSON');

/** The JSON body, undefined without one (confirm has none), or NOT_JSON. */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** Up to two initials: the first letter or digit of the first words, in any script. */
function initials(subject: string): string {
  return subject
    .split(/[\s_-]+/u)
    .map((word) => /[\p{L}\p{N}]/u.exec(word)?.[0] ?? '')
    .filter(Boolean)
    .slice(0, 2)
    .join('')
    .toUpperCase();
}

/**
 * A coloured square with the product's initials, stable per image name. No escaping is needed:
 * initials are letters and digits only, so nothing a seed string holds can become markup here.
 */
function placeholderSvg(name: string, subject: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">` +
    `<rect width="256" height="256" fill="hsl(${hue} 45% 82%)"/>` +
    `<text x="128" y="128" dominant-baseline="central" text-anchor="middle" ` +
    `font-family="system-ui, sans-serif" font-size="88" fill="hsl(${hue} 45% 25%)">` +
    `${initials(subject)}</text></svg>`
  );
}
