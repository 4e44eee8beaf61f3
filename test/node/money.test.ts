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

  it('scales by ISO 4217 minor units, even where a locale shows no decimals', () => {
    // CLDR shows these without decimals, but REVER counts them in hundredths (thousandths for IQD).
    assert.equal(currencyDigits('HUF'), 2);
    assert.equal(currencyDigits('IQD'), 3);
    assert.equal(currencyDigits('CLF'), 4);
    assert.equal(currencyDigits('krw'), 0);
    assert.equal(plain(formatMoney(1234500, 'HUF', 'en')), 'HUF 12,345.00');
    assert.equal(plain(formatMoney(1500000, 'IDR', 'en')), 'IDR 15,000.00');
    assert.equal(plain(formatMoney(2500, 'IQD', 'en')), 'IQD 2.500');
    assert.equal(formatMoney(990, 'CLP', 'es-CL'), '$990');
  });

  it('falls back instead of throwing on a bad locale or currency code', () => {
    assert.equal(formatMoney(496, 'EUR', 'not a locale!'), '€4.96');
    assert.equal(formatMoney(1234, 'EURO', 'en'), '12.34 EURO');
  });
});
