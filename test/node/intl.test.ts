import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateFormat, numberFormat } from '../../src/services/intl.ts';

describe('Intl formatters, one per locale and options', () => {
  it('hands back the formatter already built for the same locale and options', () => {
    const options = { weekday: 'long', timeZone: 'UTC' } as const;
    assert.equal(dateFormat('es', options), dateFormat('es', { ...options }));
    assert.equal(numberFormat('de', { style: 'unit', unit: 'meter' }).format(1500), '1.500 m');
  });

  it('builds another for another locale or other options, each formatting as Intl does', () => {
    const day = new Date(Date.UTC(2026, 0, 5)); // a Monday
    assert.notEqual(dateFormat('es', { weekday: 'long' }), dateFormat('fr', { weekday: 'long' }));
    assert.equal(dateFormat('es', { weekday: 'long', timeZone: 'UTC' }).format(day), 'lunes');
    assert.equal(dateFormat('fr', { weekday: 'long', timeZone: 'UTC' }).format(day), 'lundi');
    assert.equal(dateFormat('fr', { weekday: 'short', timeZone: 'UTC' }).format(day), 'lun.');
  });

  it('throws for a malformed locale as the constructor does, every time (nothing kept)', () => {
    assert.throws(() => dateFormat('not a locale!', { dateStyle: 'long' }), RangeError);
    assert.throws(() => dateFormat('not a locale!', { dateStyle: 'long' }), RangeError);
  });
});
