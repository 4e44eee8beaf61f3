import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidIban, maskIban, normalizeIban } from '../../contract/iban.ts';

describe('IBAN', () => {
  for (const iban of [
    'ES91 2100 0418 4502 0005 1332',
    'DE89370400440532013000',
    'gb82 west 1234 5698 7654 32',
    'FR1420041010050500013M02606',
  ]) {
    it(`accepts ${iban}`, () => assert.equal(isValidIban(iban), true));
  }
  for (const iban of [
    'ES91 2100 0418 4502 0005 1333', // one digit off
    'ES19 2100 0418 4502 0005 1332', // check digits swapped
    'DE8937040044053201300', // one digit missing
    '1234567890123456',
    '',
    'ES91-2100-0418-4502-0005-1332-9999-9999-9999',
  ]) {
    it(`refuses ${JSON.stringify(iban)}`, () => assert.equal(isValidIban(iban), false));
  }
  it('normalizes and masks', () => {
    assert.equal(normalizeIban(' es91 2100-0418 '), 'ES9121000418');
    assert.equal(maskIban('ES91 2100 0418 4502 0005 1332'), 'ES91 •••• 1332');
  });
});
