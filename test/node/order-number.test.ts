import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeOrderNumber } from '../../contract/order-number.ts';

describe('normalizeOrderNumber', () => {
  const cases: [string, string][] = [
    ['1001', '1001'],
    ['#1001', '1001'],
    ['  #1001. ', '1001'],
    ['# 1001', '1001'],
    ['＃１００１', '1001'],
    ['ES  10\t01', 'ES 10 01'],
    ['1001.5', '1001.5'],
    ['##1001', '#1001'],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)} as ${JSON.stringify(expected)}`, () => {
      assert.equal(normalizeOrderNumber(raw), expected);
    });
  }

  it('is idempotent', () => {
    for (const [raw] of cases) {
      const once = normalizeOrderNumber(raw);
      if (!once.startsWith('#')) assert.equal(normalizeOrderNumber(once), once);
    }
  });
});
