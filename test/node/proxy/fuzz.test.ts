// Fuzzing the proxy's request validation with fast-check. Its checks are the OpenAPI document's
// own schemas, generated (contract/validators.gen.ts), so there is no second copy to hold in
// agreement; what is fuzzed is what is written by hand around them: how a query string becomes
// parameter values (against the mock's reading of the same document), and the whole handler, fed
// arbitrary methods, paths, queries and bodies near the contract's edges, which never fails,
// forwards only what the mock of REVER accepts and the contract names, and only answers statuses
// it means to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileValidators, readDocument } from '../../../mock/validate.ts';
import { createReturnsProxy } from '../../../proxy/index.ts';
import { checkBody, checkQuery } from '../../../contract/validate.ts';
import { ID_PATTERN, matchOperation, type OperationId } from '../../../contract/index.ts';
import { sessionFor, SESSION_SECRET } from '../support/session.ts';

const schemas = compileValidators(readDocument());

/** Strings near the edges the rules care about: lengths, alphabets, code points. */
const edgyString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{0,70}$/),
  fc.stringMatching(/^[A-Z_]{0,70}$/),
  fc.constantFrom('', 'a', 'ab', 'es', 'EN', 'e1', '../x', 'a/b', '%2e', '😀😀', 'x'.repeat(64)),
  fc.nat({ max: 300 }).map((n) => 'é'.repeat(n)),
);
const edgyNumber = fc.oneof(
  fc.integer({ min: -5, max: 10_005 }),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, 1, 1.5, 10_000, 10_001, -1, 1e308, Number.MAX_SAFE_INTEGER + 2),
);
const value = fc.oneof(
  { weight: 4, arbitrary: edgyString },
  { weight: 2, arbitrary: edgyNumber },
  fc.boolean(),
  fc.constant(null),
  fc.array(edgyString, { maxLength: 2 }),
  fc.dictionary(edgyString, edgyString, { maxKeys: 2 }),
);

/**
 * Objects built from the fields an operation knows (and a few it does not), with any values; and
 * a valid body with one field dropped, replaced or added, so both verdicts are well exercised.
 */
function bodyOf(valid: Record<string, unknown>, nested: Record<string, string[]> = {}) {
  const fields = Object.keys(valid);
  const keys = [...fields, 'extra', '__proto__', 'constructor'];
  const mutated = fc
    .tuple(fc.constantFrom(...keys), fc.option(value), fc.boolean())
    .map(([key, replacement, drop]) => {
      const copy: Record<string, unknown> = { ...valid };
      if (drop) delete copy[key];
      else if (replacement !== null) copy[key] = replacement;
      return copy;
    });
  return fc.oneof(
    fc.constant(valid),
    mutated,
    fc.dictionary(
      fc.constantFrom(...keys),
      fc.oneof(
        { weight: 3, arbitrary: value },
        ...Object.values(nested).map((inner) =>
          fc.dictionary(fc.constantFrom(...inner, 'extra'), value, { maxKeys: inner.length + 1 }),
        ),
      ),
      { maxKeys: keys.length },
    ),
    fc.jsonValue(),
  );
}

const BODIES: [OperationId, fc.Arbitrary<unknown>][] = [
  ['startReturnIntent', bodyOf({ email: 'ana@example.com', order_number: '1001' })],
  [
    'addReturnLineItem',
    bodyOf({ line_item_id: 'li_1', quantity: 2, return_reason_id: 'too_big', comment: 'x' }),
  ],
  [
    'saveClientPreferences',
    bodyOf(
      {
        method: 'BANK_TRANSFER',
        exchange_variant_id: 'v_1',
        bank_account: { iban: 'ES9121000418450200051332', holder: 'Ana' },
      },
      { bank_account: ['iban', 'holder'] },
    ),
  ],
];

describe('the proxy’s query reading, fuzzed', () => {
  const QUERIES: [OperationId, string[]][] = [
    ['getActiveReturns', ['order_ids']],
    ['getReturnReasons', ['lang']],
    ['getExchangeOptions', ['line_item_id']],
    ['saveClientPreferences', ['line_item_id']],
  ];
  for (const [op, names] of QUERIES) {
    it(`reads ${op} queries as the mock of REVER does`, () => {
      const repeatable = op === 'getActiveReturns';
      const verdicts = { valid: 0, invalid: 0 };
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.constantFrom(...names), edgyString), {
            maxLength: repeatable ? 55 : 1,
          }),
          (pairs) => {
            const search = new URLSearchParams(pairs).toString();
            const proxyOk = checkQuery(op, search ? `?${search}` : '') === null;
            const schemaOk =
              schemas[op]({
                query: new URLSearchParams(search),
                params: { return_id: 'ret_1' },
                body: { method: 'STORE_CREDIT' },
              }) === null;
            assert.equal(proxyOk, schemaOk, search);
            verdicts[proxyOk ? 'valid' : 'invalid']++;
          },
        ),
        { numRuns: 300 },
      );
      assert.ok(verdicts.valid > 10 && verdicts.invalid > 10, JSON.stringify(verdicts));
    });
  }

  it('refuses any query parameter the operation does not name, and any body where none is due', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OperationId>('getRefundOptions', 'confirmReturn', 'removeReturnLineItem'),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        (op, name, bytes) => {
          assert.notEqual(checkQuery(op, `?${encodeURIComponent(name)}=1`), null);
          assert.notEqual(checkBody(op, bytes), null);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the whole proxy handler, fuzzed in-process', () => {
  it('never fails, and forwards only contract requests that passed every check', async () => {
    const forwarded: { method: string; url: string; body: string }[] = [];
    const app = createReturnsProxy({
      upstream: 'https://rever.invalid/base',
      apiKey: 'sk_fuzz_key_0000000000',
      allowedOrigins: ['https://shop.example'],
      sessionSecret: SESSION_SECRET,
      intentLimits: {
        perIp: { limit: 1e9, windowMs: 60_000 },
        perOrder: { limit: 1e9, windowMs: 60_000 },
      },
      // Hundreds of calls under one session: its budget (attack.test.ts proves it) would answer
      // 429 here, and the fuzz is about what passes the checks, not about how many.
      sessionBudget: { read: 1e9, write: 1e9, confirm: 1e9 },
      fetch: (input, init) => {
        const body = init?.body ? new TextDecoder().decode(init.body as Uint8Array) : '';
        forwarded.push({ method: String(init?.method), url: input as string, body });
        const answer = '{"order":{"id":"o1","return_id":"ret_1"}}';
        return Promise.resolve(
          new Response(answer, { headers: { 'content-type': 'application/json' } }),
        );
      },
    });
    const session = await sessionFor('ret_1', ['o1']);
    let forwardedCount = 0;
    const bodiesForwarded = new Set<OperationId | undefined>();
    const segment = fc.oneof(
      fc.constantFrom('returns', 'intent', 'start', 'ret_1', 'ret_2', 'line_items', 'li_1'),
      fc.constantFrom('confirm', 'refund_options', 'return_reasons', 'exchange_options'),
      fc.constantFrom('save_client_preferences', '..', '.', '', '%2e%2e', '%2F', 'a%00'),
      fc.stringMatching(/^[\w%.~-]{0,12}$/),
    );
    const pathArb = fc.oneof(
      fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`),
      fc.constantFrom(
        '/returns/intent/start',
        '/returns',
        '/returns/ret_1/line_items',
        '/returns/ret_2/line_items/li_1',
        '/returns/ret_1/return_reasons',
        '/returns/ret_1/exchange_options',
        '/returns/ret_1/refund_options',
        '/returns/ret_1/save_client_preferences',
        '/returns/ret_2/confirm',
      ),
    );
    const queryArb = fc.oneof(
      fc.constant(''),
      fc
        .array(
          fc.tuple(
            fc.constantFrom('order_ids', 'lang', 'line_item_id', 'x'),
            fc.oneof(fc.constantFrom('o1', 'o2', 'en', 'li_1', ''), fc.string({ maxLength: 8 })),
          ),
          { maxLength: 4 },
        )
        .map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
    );
    const bodyArb = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      // Each body operation's valid body, mutated near its schema's edges.
      ...BODIES.map(([, arb]) => arb.map((v) => JSON.stringify(v) ?? 'null')),
      fc.constantFrom(
        '{"email":"a@b.co","order_number":"1"}',
        '{"line_item_id":"li_1","quantity":1,"return_reason_id":"r"}',
        '{"method":"STORE_CREDIT"}',
      ),
    );
    // Valid requests of every operation, each part then replaced (or not) by an arbitrary one, so
    // that requests near the contract's edge are as common as wild ones.
    const VALID: [string, string, string, string | undefined][] = [
      ['POST', '/returns/intent/start', '', '{"email":"a@b.co","order_number":"1"}'],
      ['GET', '/returns', '?order_ids=o1', undefined],
      [
        'POST',
        '/returns/ret_1/line_items',
        '',
        '{"line_item_id":"li_1","quantity":1,"return_reason_id":"r"}',
      ],
      ['DELETE', '/returns/ret_1/line_items/li_1', '', undefined],
      ['GET', '/returns/ret_1/return_reasons', '?lang=en', undefined],
      ['GET', '/returns/ret_1/exchange_options', '?line_item_id=li_1', undefined],
      ['GET', '/returns/ret_1/refund_options', '', undefined],
      [
        'POST',
        '/returns/ret_1/save_client_preferences',
        '?line_item_id=li_1',
        '{"method":"STORE_CREDIT"}',
      ],
      ['POST', '/returns/ret_1/confirm', '', undefined],
    ];
    /** null (keep the valid part) three times in four. */
    const keepOr = <T>(arb: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
    const requestArb = fc
      .tuple(
        fc.constantFrom(...VALID),
        keepOr(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS')),
        keepOr(pathArb),
        keepOr(queryArb),
        keepOr(bodyArb),
      )
      .map(([[m, p, q, b], method, path, query, body]) => ({
        method: method ?? m,
        path: path ?? p,
        query: query ?? q,
        body: body === null ? b : body,
      }));
    await fc.assert(
      fc.asyncProperty(
        requestArb,
        fc.constantFrom(undefined, session, session, 'v1.x.y'),
        fc.constantFrom(undefined, 'https://shop.example', 'https://evil.example'),
        async ({ method, path, query, body }, token, origin) => {
          forwarded.length = 0;
          const headers = new Headers({ 'content-type': 'application/json' });
          if (token) headers.set('x-rever-session', token);
          if (origin) headers.set('origin', origin);
          const hasBody = body !== undefined && method !== 'GET';
          const response = await app.fetch(
            new Request(`http://proxy.test${path}${query}`, {
              method,
              headers,
              ...(hasBody ? { body } : {}),
            }),
          );
          assert.ok(
            [200, 204, 400, 401, 403, 404, 413].includes(response.status),
            `${method} ${path}${query} → ${response.status}`,
          );
          assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
          forwardedCount += forwarded.length;
          for (const sent of forwarded) {
            if (sent.body)
              bodiesForwarded.add(
                matchOperation(sent.method, new URL(sent.url).pathname.replace(/^\/base/, ''))?.id,
              );
            const url = new URL(sent.url);
            assert.equal(url.origin, 'https://rever.invalid');
            const target = url.pathname.replace(/^\/base/, '');
            const match = matchOperation(sent.method, target);
            assert.ok(match, sent.url);
            // What REVER gets, the contract accepts: the mock's own reading of the document.
            const json: unknown = sent.body ? JSON.parse(sent.body) : undefined;
            const verdict = schemas[match.id]({
              query: url.searchParams,
              params: match.params,
              body: json,
            });
            assert.equal(verdict, null, `${sent.method} ${sent.url} ${sent.body}`);
            if (!BODIES.some(([op]) => op === match.id)) assert.equal(sent.body, '');
            if (match.id !== 'startReturnIntent') {
              assert.equal(token, session);
              for (const id of Object.values(match.params).slice(0, 1)) assert.equal(id, 'ret_1');
              for (const id of url.searchParams.getAll('order_ids')) assert.equal(id, 'o1');
            }
            assert.ok(Object.values(match.params).every((id) => ID_PATTERN.test(id)));
            assert.notEqual(origin, 'https://evil.example');
          }
        },
      ),
      { numRuns: 600 },
    );
    assert.ok(forwardedCount > 15, `only ${forwardedCount} requests got through`);
    for (const [op] of BODIES) assert.ok(bodiesForwarded.has(op), `no ${op} body got through`);
    console.log(`fuzzed handler: 600 requests, ${forwardedCount} forwarded`);
  });
});
