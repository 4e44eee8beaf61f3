import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currencyDigits, formatMoney } from '../../src/services/money.ts';

// Intl separates currency and number with a no-break space in many locales.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('knows each currency its own number of decimals', () => {
    assert.equal(currencyDigits('EUR'), 2);
    assert.equal(currencyDigits('JPY'), 0);
    assert.equal(currencyDigits('KWD'), 3);
  });

  it('formats minor units with those decimals', () => {
    assert.equal(formatMoney(496, 'EUR', 'en'), '€4.96');
    assert.equal(plain(formatMoney(496, 'EUR', 'es')), '4,96 €');
    assert.equal(formatMoney(12800, 'JPY', 'en'), '¥12,800');
    assert.equal(plain(formatMoney(12500, 'KWD', 'en')), 'KWD 12.500');
    assert.equal(formatMoney(0, 'USD', 'en-US'), '$0.00');
  });

  it('falls back instead of throwing on a bad locale or currency code', () => {
    assert.equal(formatMoney(496, 'EUR', 'not a locale!'), '€4.96');
    assert.equal(formatMoney(1234, 'EURO', 'en'), '12.34 EURO');
  });
});
