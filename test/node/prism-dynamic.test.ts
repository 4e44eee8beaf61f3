// The widget's client (src/services/client.ts) against Stoplight Prism in dynamic mode: every
// answer is generated afresh from contract/rever-storefront.yaml. Each must either decode or be
// refused as `bad-response`, never crash; and an answer the document allows must decode (if the
// client refused one, the document or the decoder would be wrong). The ids and token each
// intent answers are used for the later calls, as the widget does: they go into paths and headers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createReverClient, type ReturnSession } from '../../src/services/client.ts';
import { ReverError } from '../../src/services/errors.ts';
import { CONTRACT, startPrism, type PrismMock } from '../../scripts/prism.ts';
import type { OperationId } from '../../contract/index.ts';

const ROUNDS = Number(process.env.PRISM_ROUNDS ?? 12);

interface Doc {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: OperationId;
        responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
      }
    >
  >;
}
const doc = parse(readFileSync(CONTRACT, 'utf8')) as Doc;
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema(doc, 'contract');
const segment = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');
/** The document's own schema of each operation's 200 answer, by path and method. */
const answerSchemas = new Map<string, ReturnType<typeof ajv.compile>>();
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (!op.responses['200']?.content?.['application/json']) continue;
    const pointer = ['paths', path, method, 'responses', '200', 'content', 'application/json'];
    const validate = ajv.compile({
      $ref: `contract#/${[...pointer, 'schema'].map(segment).join('/')}`,
    });
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    answerSchemas.set(`${method.toUpperCase()} ${pattern.source}`, validate);
  }
}
function schemaFor(method: string, pathname: string) {
  for (const [key, validate] of answerSchemas) {
    const [m, source] = key.split(' ') as [string, string];
    if (m === method && new RegExp(source).test(pathname)) return validate;
  }
  return undefined;
}

interface Seen {
  method: string;
  pathname: string;
  status: number;
  body: unknown;
}

describe('the client against Prism in dynamic mode', () => {
  let prism: PrismMock;
  let seen: Seen | undefined;
  const tally = { decoded: 0, refused: 0, allowedAndDecoded: 0 };

  before(async () => {
    prism = await startPrism({ dynamic: true });
  });
  after(async () => {
    await prism?.close();
    console.log(`prism dynamic: ${JSON.stringify(tally)}`);
  });

  const client = () =>
    createReverClient({
      proxyUrl: prism.url,
      readRetries: 0,
      // In place of the proxy: REVER's key on each request; the raw answer kept to judge.
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        request.headers.set('x-rever-api-key', 'sandbox');
        const response = await fetch(request);
        const text = await response.clone().text();
        seen = {
          method: request.method,
          pathname: new URL(request.url).pathname,
          status: response.status,
          body: JSON.parse(text) as unknown,
        };
        return response;
      },
    });

  /** Runs one call; asserts the verdict against the document's schema for what came back. */
  async function judge<T>(name: string, call: () => Promise<T>): Promise<T | undefined> {
    seen = undefined;
    let value: T | undefined;
    let error: unknown;
    try {
      value = await call();
    } catch (e) {
      error = e;
    }
    // Set by the fetch above, which TypeScript cannot see through `call()`.
    const answer = seen as Seen | undefined;
    assert.ok(answer, `${name}: a request was made`);
    const { method, pathname, status, body } = answer;
    // Prism answers a request that breaks the document with 4xx: the client's requests must not.
    assert.equal(status, 200, `${name}: ${JSON.stringify(body).slice(0, 400)}`);
    const validate = schemaFor(method, pathname);
    assert.ok(validate, `${name}: ${method} ${pathname} is in the document`);
    const allowed = validate(body);
    if (error === undefined) {
      tally.decoded += 1;
      if (allowed) tally.allowedAndDecoded += 1;
      return value;
    }
    assert.ok(error instanceof ReverError, `${name}: ${(error as Error).stack ?? ''}`);
    assert.equal(error.code, 'bad-response', name);
    tally.refused += 1;
    assert.ok(
      !allowed,
      `${name}: the document allows this answer but the client refused it: ${JSON.stringify(body).slice(0, 600)}`,
    );
    return undefined;
  }

  it(`decodes or refuses every generated answer, over ${ROUNDS} whole flows`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const c = client();
      const order = await judge('startReturnIntent', () =>
        c.startReturnIntent({ email: 'ana@example.com', order_number: '1042' }),
      );
      const session: ReturnSession = order
        ? { returnId: order.return_id, customerToken: order.customer_token }
        : { returnId: 'ret_1', customerToken: 'token' };
      const lineId = order?.line_items[0]?.id ?? 'li_1';
      const orderIds = order ? [order.id] : ['ord_1'];
      const reasons = await judge('getReturnReasons', () => c.getReturnReasons(session, 'en'));
      const reasonId = reasons?.[0]?.id ?? 'too_small';
      await judge('addReturnLineItem', () =>
        c.addReturnLineItem(session, {
          line_item_id: lineId,
          quantity: 1,
          return_reason_id: reasonId,
        }),
      );
      await judge('removeReturnLineItem', () => c.removeReturnLineItem(session, lineId));
      const exchanges = await judge('getExchangeOptions', () =>
        c.getExchangeOptions(session, lineId),
      );
      await judge('getRefundOptions', () => c.getRefundOptions(session));
      const variant = exchanges?.[0]?.variant_id;
      await judge('saveClientPreferences', () =>
        c.saveClientPreferences(
          session,
          lineId,
          variant
            ? { method: 'EXCHANGE', exchange_variant_id: variant }
            : { method: 'ORIGINAL_PAYMENT_METHOD' },
        ),
      );
      await judge('confirmReturn', () => c.confirmReturn(session));
      await judge('getActiveReturns', () => c.getActiveReturns(session, orderIds));
    }
    // The property means something only if most answers are allowed and decode.
    assert.ok(tally.allowedAndDecoded >= ROUNDS * 9 * 0.9, JSON.stringify(tally));
  });
});
