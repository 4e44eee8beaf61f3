/**
 * The embedded mock of REVER's Storefront API: every operation of the contract, with state (a
 * return's lines, preferences, confirmation), over the seed in seed.ts. Like the real one it
 * refuses requests without the API key, validates requests against the contract and answers
 * errors in the contract's shape. Each call makes an independent instance, so tests do not share.
 */
import { Hono, type Context } from 'hono';
import {
  API_KEY_HEADER,
  CUSTOMER_TOKEN_HEADER,
  EXCHANGE_METHOD,
  OPERATIONS,
  type ActiveReturn,
  type ClientPreferences,
  type ConfirmResponse,
  type OperationId,
  type Order,
} from '../src/services/contract.ts';
import { isValidIban } from '../src/services/iban.ts';
import {
  MOCK_API_KEY,
  REASONS,
  SEED_ORDERS,
  type Lang,
  type SeedLine,
  type SeedOrder,
} from './seed.ts';
import { loadValidators } from './validate.ts';

export interface ReturnProcess {
  id: string;
  orderId: string;
  token: string;
  lines: Map<string, { quantity: number; reasonId: string; comment?: string }>;
  preferences: Map<string, ClientPreferences>;
  confirmation: ConfirmResponse | null;
  createdAt: string;
}

export interface MockState {
  returns: Map<string, ReturnProcess>;
}

export interface MockOptions {
  /** The key requests must carry (default MOCK_API_KEY). */
  apiKey?: string;
  /** The origin image URLs are built on; default: the origin of each request. */
  publicUrl?: string;
}

/** Money methods: everything that is not kept as credit (assumption c of the contract). */
const CREDIT_METHODS = new Set(['STORE_CREDIT', EXCHANGE_METHOD]);

const validators = loadValidators();

class MockError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const randomId = (prefix: string) =>
  `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;

/** The value of `quantity` units of a line: its total shared across its units. */
export function unitsValue(line: SeedLine, quantity: number): number {
  return Math.round((line.total * quantity) / line.quantity);
}

export function createMockRever(options: MockOptions = {}) {
  const apiKey = options.apiKey ?? MOCK_API_KEY;
  const state: MockState = { returns: new Map() };
  const orders = new Map(SEED_ORDERS.map((o) => [o.id, o]));

  const orderOf = (process: ReturnProcess) => orders.get(process.orderId)!;
  const lineOf = (order: SeedOrder, lineId: string) => {
    const line = order.lines.find((l) => l.id === lineId);
    if (!line) throw new MockError(404, 'line_item_not_found', 'No such line in the order.');
    return line;
  };

  /** Units of a line in confirmed returns started here, beyond the seed's own. */
  const confirmedUnits = (orderId: string, lineId: string) =>
    [...state.returns.values()]
      .filter((r) => r.orderId === orderId && r.confirmation)
      .reduce((sum, r) => sum + (r.lines.get(lineId)?.quantity ?? 0), 0);

  const inProgress = (order: SeedOrder, line: SeedLine) =>
    line.quantity_in_progress + confirmedUnits(order.id, line.id);

  const returnable = (order: SeedOrder, line: SeedLine) =>
    Math.max(
      0,
      line.quantity -
        inProgress(order, line) -
        line.quantity_returned -
        line.quantity_not_returnable,
    );

  const imageUrl = (c: Context, key: string) =>
    `${options.publicUrl ?? new URL(c.req.url).origin}/images/${encodeURIComponent(key)}.svg`;

  function orderView(c: Context, order: SeedOrder, process: ReturnProcess): Order {
    return {
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
        product: { images: line.images.map((i) => ({ src: imageUrl(c, i.key), alt: i.alt })) },
      })),
    };
  }

  /** The shopper's token must be the one issued for this return. */
  function processFor(c: Context): ReturnProcess {
    const token = c.req.header(CUSTOMER_TOKEN_HEADER);
    if (!token) throw new MockError(401, 'unauthorized', 'Missing customer token.');
    const process = state.returns.get(c.req.param('return_id') ?? '');
    if (!process) throw new MockError(404, 'return_not_found', 'No such return.');
    if (process.token !== token) throw new MockError(403, 'forbidden', 'Not your return.');
    return process;
  }

  const notConfirmed = (process: ReturnProcess) => {
    if (process.confirmation) {
      throw new MockError(409, 'return_confirmed', 'The return is already confirmed.');
    }
  };

  const linesView = (process: ReturnProcess) => ({
    return_id: process.id,
    line_items: [...process.lines].map(([id, l]) => ({
      line_item_id: id,
      quantity: l.quantity,
      return_reason_id: l.reasonId,
    })),
  });

  /** Credit to spend: store credit with its bonus, and exchanges (assumption c). */
  function totals(process: ReturnProcess) {
    const order = orderOf(process);
    const bonus =
      order.refundOptions.find((o) => o.method === 'STORE_CREDIT')?.bonus_percentage ?? 0;
    let refund = 0;
    let credit = 0;
    for (const [lineId, prefs] of process.preferences) {
      const picked = process.lines.get(lineId);
      if (!picked) continue;
      const value = unitsValue(lineOf(order, lineId), picked.quantity);
      if (prefs.method === 'STORE_CREDIT') credit += value + Math.round((value * bonus) / 100);
      else if (CREDIT_METHODS.has(prefs.method)) credit += value;
      else refund += value;
    }
    return { refund, credit };
  }

  type Handler = (c: Context, body: unknown) => unknown;

  const handlers: Record<OperationId, Handler> = {
    startReturnIntent(c, body) {
      const { email, order_number } = body as { email: string; order_number: string };
      const order = SEED_ORDERS.find(
        (o) => o.number === order_number && o.email === email.trim().toLowerCase(),
      );
      if (!order) {
        throw new MockError(404, 'order_not_found', 'No order with that email and number.');
      }
      const process: ReturnProcess = {
        id: randomId('ret'),
        orderId: order.id,
        token: randomId('tok'),
        lines: new Map(),
        preferences: new Map(),
        confirmation: null,
        createdAt: new Date().toISOString(),
      };
      state.returns.set(process.id, process);
      return { order: orderView(c, order, process) };
    },

    getActiveReturns(c) {
      const token = c.req.header(CUSTOMER_TOKEN_HEADER);
      if (!token) throw new MockError(401, 'unauthorized', 'Missing customer token.');
      const own = [...state.returns.values()].find((r) => r.token === token);
      if (!own) throw new MockError(401, 'unauthorized', 'Unknown customer token.');
      const ids = new URL(c.req.url).searchParams.getAll('order_ids');
      if (ids.some((id) => id !== own.orderId)) {
        throw new MockError(403, 'forbidden', 'Not your order.');
      }
      const returns: ActiveReturn[] = [];
      for (const order of SEED_ORDERS.filter((o) => ids.includes(o.id))) {
        returns.push(...order.activeReturns.map((r) => ({ ...r, order_id: order.id })));
        for (const r of state.returns.values()) {
          if (r.orderId !== order.id || !r.confirmation) continue;
          returns.push({
            id: r.id,
            order_id: order.id,
            status: r.confirmation.status,
            created_at: r.createdAt,
            line_items: [...r.lines].map(([id, l]) => ({
              line_item_id: id,
              name: lineOf(order, id).name,
              quantity: l.quantity,
            })),
            tracking: null,
          });
        }
      }
      return { returns };
    },

    addReturnLineItem(c, body) {
      const process = processFor(c);
      notConfirmed(process);
      const item = body as {
        line_item_id: string;
        quantity: number;
        return_reason_id: string;
        comment?: string;
      };
      const order = orderOf(process);
      const line = lineOf(order, item.line_item_id);
      if (!line.reasons.includes(item.return_reason_id)) {
        throw new MockError(
          422,
          'reason_not_available',
          'That reason is not offered for this item.',
        );
      }
      if (item.quantity > returnable(order, line)) {
        throw new MockError(422, 'not_returnable', 'That many units cannot be returned.');
      }
      const reason = REASONS.find((r) => r.id === item.return_reason_id);
      if (reason?.comment_required && !item.comment?.trim()) {
        throw new MockError(400, 'comment_required', 'This reason needs a comment.');
      }
      process.lines.set(line.id, {
        quantity: item.quantity,
        reasonId: item.return_reason_id,
        ...(item.comment ? { comment: item.comment } : {}),
      });
      return linesView(process);
    },

    removeReturnLineItem(c) {
      const process = processFor(c);
      notConfirmed(process);
      const lineId = c.req.param('line_item_id') ?? '';
      if (!process.lines.delete(lineId)) {
        throw new MockError(404, 'line_item_not_in_return', 'That line is not in the return.');
      }
      process.preferences.delete(lineId);
      return linesView(process);
    },

    getReturnReasons(c) {
      processFor(c);
      const asked = new URL(c.req.url).searchParams.get('lang') ?? 'en';
      const lang: Lang =
        (['en', 'es', 'fr', 'de', 'it', 'pt'] as const).find((l) => l === asked) ?? 'en';
      return {
        return_reasons: REASONS.map((r) => ({
          id: r.id,
          name: r.labels[lang],
          comment_required: r.comment_required,
        })),
      };
    },

    getExchangeOptions(c) {
      const process = processFor(c);
      const line = lineOf(orderOf(process), new URL(c.req.url).searchParams.get('line_item_id')!);
      return {
        exchange_options: line.exchange.map((v) => ({
          variant_id: v.variant_id,
          name: v.name,
          variant_name: v.variant_name,
          price: v.price,
          available: v.available,
          image: v.image
            ? { src: imageUrl(c, v.image), alt: `${v.name}, ${v.variant_name}` }
            : null,
        })),
      };
    },

    getRefundOptions(c) {
      return { refund_options: orderOf(processFor(c)).refundOptions };
    },

    saveClientPreferences(c, body) {
      const process = processFor(c);
      notConfirmed(process);
      const lineId = new URL(c.req.url).searchParams.get('line_item_id')!;
      const order = orderOf(process);
      const line = lineOf(order, lineId);
      if (!process.lines.has(lineId)) {
        throw new MockError(409, 'line_item_not_in_return', 'Add the line to the return first.');
      }
      const prefs = body as ClientPreferences;
      if (prefs.method === EXCHANGE_METHOD) {
        const variant = line.exchange.find((v) => v.variant_id === prefs.exchange_variant_id);
        if (!variant) throw new MockError(400, 'invalid_variant', 'Choose a variant of this item.');
        if (!variant.available) {
          throw new MockError(422, 'variant_unavailable', 'That variant is out of stock.');
        }
      } else if (!order.refundOptions.some((o) => o.method === prefs.method)) {
        throw new MockError(400, 'method_not_offered', 'That refund method is not offered.');
      }
      if (prefs.method === 'BANK_TRANSFER') {
        if (!prefs.bank_account)
          throw new MockError(400, 'bank_account_required', 'Bank account needed.');
        if (!isValidIban(prefs.bank_account.iban)) {
          throw new MockError(400, 'invalid_iban', 'That IBAN is not valid.');
        }
      }
      process.preferences.set(lineId, prefs);
      return {
        return_id: process.id,
        pending_credit_to_use: totals(process).credit,
        currency: order.currency,
      };
    },

    confirmReturn(c) {
      const process = processFor(c);
      // Idempotent: a second confirm answers the first one's result, never a second return.
      if (process.confirmation) return process.confirmation;
      if (process.lines.size === 0)
        throw new MockError(422, 'empty_return', 'The return has no items.');
      if ([...process.lines.keys()].some((id) => !process.preferences.has(id))) {
        throw new MockError(
          422,
          'preferences_missing',
          'Choose a refund or exchange for every item.',
        );
      }
      const { refund, credit } = totals(process);
      process.confirmation = {
        return_id: process.id,
        status: 'RUNNING',
        summary: {
          refund_total: refund,
          credit_total: credit,
          currency: orderOf(process).currency,
        },
      };
      process.createdAt = new Date().toISOString();
      return process.confirmation;
    },
  };

  const app = new Hono();
  const error = (status: number, code: string, message: string) =>
    Response.json({ error: { code, message } }, { status });

  app.get('/images/:file', (c) => {
    const key = decodeURIComponent(c.req.param('file')).replace(/\.svg$/, '');
    return c.body(placeholderSvg(key), 200, {
      'content-type': 'image/svg+xml',
      'cache-control': 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
    });
  });

  app.use('*', async (c, next) => {
    if (!c.req.path.startsWith('/images/') && c.req.header(API_KEY_HEADER) !== apiKey) {
      return error(401, 'unauthorized', 'Missing or invalid API key.');
    }
    await next();
  });

  for (const [id, { method, path }] of Object.entries(OPERATIONS) as [
    OperationId,
    (typeof OPERATIONS)[OperationId],
  ][]) {
    app.on(method, path.replace(/\{(\w+)\}/g, ':$1'), async (c) => {
      let body: unknown;
      if (method === 'POST') {
        const text = await c.req.text();
        try {
          body = text ? JSON.parse(text) : {};
        } catch {
          return error(400, 'invalid_request', 'The body is not JSON.');
        }
      }
      const problem = validators[id]({
        query: new URL(c.req.url).searchParams,
        params: c.req.param(),
        body,
      });
      if (problem) return error(400, 'invalid_request', problem);
      try {
        return c.json(handlers[id](c, body) as object);
      } catch (e) {
        if (e instanceof MockError) return error(e.status, e.code, e.message);
        throw e;
      }
    });
  }

  app.notFound(() => error(404, 'not_found', 'No such operation.'));
  app.onError(() => error(500, 'internal', 'The mock failed.'));

  return { app, state, reset: () => state.returns.clear() };
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A coloured square with the key's initials: stable per key, no files to ship. */
function placeholderSvg(key: string): string {
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const label = escapeXml(
    key
      .replace(/^(li|v)_/, '')
      .slice(0, 4)
      .toUpperCase(),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" fill="hsl(${hue} 45% 82%)"/><text x="64" y="72" font-family="sans-serif" font-size="24" text-anchor="middle" fill="hsl(${hue} 45% 25%)">${label}</text></svg>`;
}
