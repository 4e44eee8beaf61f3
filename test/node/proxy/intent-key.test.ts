// The intent limits' key of an order and email (issue 15, item 1): the order number as counted and
// a SHA-256 of the email, never the email itself; on Node the hash is taken without leaving the
// thread, and it must be the same key WebCrypto gives (a cluster may mix runtimes on one store).
import assert from 'node:assert/strict';
import * as nodeCrypto from 'node:crypto';
import { describe, it } from 'node:test';
import { intentKey, orderEmailKey } from '../../../proxy/middleware/intent-limits.ts';

const body = (email: string, orderNumber: string) =>
  new TextEncoder().encode(JSON.stringify({ email, order_number: orderNumber }));

async function webCryptoKey(email: string, orderNumber: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`rever-returns:${email}`),
  );
  const hex = Buffer.from(digest).subarray(0, 16).toString('hex');
  return `order:${orderNumber}:${hex}`;
}

describe("the intent limits' order-and-email key", () => {
  it('is the order number and the first 128 bits of WebCrypto’s SHA-256 of the email', async () => {
    assert.equal(
      await orderEmailKey(body('ana.garcia@example.com', '1001')),
      await webCryptoKey('ana.garcia@example.com', '1001'),
    );
  });

  it('trims and lower-cases both, and never holds the email', async () => {
    const key = await orderEmailKey(body('  Ana.Garcia@Example.COM ', ' A-1001 '));
    assert.equal(key, await webCryptoKey('ana.garcia@example.com', 'a-1001'));
    assert.ok(!key.includes('ana'), key);
    assert.match(key, /^order:a-1001:[0-9a-f]{32}$/);
  });

  it('differs by email for one order', async () => {
    assert.notEqual(
      await orderEmailKey(body('ana.garcia@example.com', '1001')),
      await orderEmailKey(body('someone.else@example.com', '1001')),
    );
  });

  it('is one key whichever SHA-256 takes it: node:crypto one-shot, its Hash, or WebCrypto', async () => {
    const oneShot = { hash: nodeCrypto.hash, createHash: nodeCrypto.createHash };
    const hashObject = { createHash: nodeCrypto.createHash };
    for (const [email, orderNumber] of [
      ['ana.garcia@example.com', '1001'],
      [' José.Núñez@Example.es ', ' #A-1001 '],
      ['山田@example.jp', '2002'],
    ] as const) {
      const expected = await webCryptoKey(
        email.trim().toLowerCase(),
        orderNumber.trim().toLowerCase(),
      );
      const fromOneShot = intentKey(email, orderNumber, oneShot);
      const fromHash = intentKey(email, orderNumber, hashObject);
      assert.equal(typeof fromOneShot, 'string', 'synchronous with node:crypto');
      assert.equal(typeof fromHash, 'string', 'synchronous with node:crypto');
      assert.equal(fromOneShot, expected, email);
      assert.equal(fromHash, expected, email);
      assert.equal(await intentKey(email, orderNumber, undefined), expected, email);
    }
  });
});
