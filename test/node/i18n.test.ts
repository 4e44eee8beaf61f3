import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en, type Messages } from '../../src/i18n/en.ts';
// The steps' English joins the table, so the checks below see every key.
import '../../src/i18n/en-steps.ts';
import {
  createI18n,
  direction,
  LANGUAGES,
  loadMessages,
  matchLanguage,
  pickLocale,
  withOverrides,
} from '../../src/i18n/i18n.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Everything wrong with a table, measured against English; empty when it is complete. */
function problems(table: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const key of Object.keys(en) as (keyof Messages)[]) {
    const text = table[key];
    if (!(key in table)) found.push(`missing ${key}`);
    else if (typeof text !== 'string' || !text.trim()) found.push(`empty ${key}`);
    else if (placeholders(text).join() !== placeholders(en[key]).join()) {
      found.push(`placeholders of ${key}: ${placeholders(text).join()}`);
    }
  }
  for (const key of Object.keys(table)) if (!(key in en)) found.push(`extra ${key}`);
  return found;
}

describe('string tables', () => {
  it('finds a missing key, an extra key, an empty string and a lost placeholder', () => {
    const broken: Record<string, unknown> = { ...en, 'not.a.key': 'x', 'lookup.heading': ' ' };
    delete broken['lookup.submit'];
    broken['items.intro'] = 'Order {numero}.';
    assert.deepEqual(problems(broken).sort(), [
      'empty lookup.heading',
      'extra not.a.key',
      'missing lookup.submit',
      'placeholders of items.intro: numero',
    ]);
  });

  for (const language of LANGUAGES) {
    it(`${language}: every key of English, no other, each with English's placeholders`, async () => {
      const table = await loadMessages(language);
      assert.deepEqual(problems(table), []);
    });
  }

  it('translates: no other table is English copied over (beyond names and codes)', async () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const table = await loadMessages(language);
      const same = (Object.keys(en) as (keyof Messages)[]).filter(
        (key) => table[key] === en[key] && !/^\W*\{?\w*\}?\W*$/.test(en[key]) && en[key] !== 'IBAN',
      );
      // '{name} × {quantity}' and 'Status: {status}' (German) are the same in several languages.
      assert.ok(same.length <= 3, `${language} keeps English for ${same.join(', ')}`);
    }
  });
});

describe('locale resolution', () => {
  it('takes a region variant as its language, keeping the region for Intl', () => {
    assert.deepEqual(pickLocale(['es-MX']), { locale: 'es-MX', language: 'es' });
    assert.deepEqual(pickLocale(['pt-BR']), { locale: 'pt-BR', language: 'pt' });
    assert.deepEqual(pickLocale(['pt-PT']), { locale: 'pt-PT', language: 'pt' });
    assert.deepEqual(pickLocale(['de-at']), { locale: 'de-AT', language: 'de' });
    assert.deepEqual(pickLocale(['ja-JP']), { locale: 'ja-JP', language: 'ja' });
    assert.deepEqual(pickLocale(['ar-KW']), { locale: 'ar-KW', language: 'ar' });
  });

  it('writes Arabic right to left and every other language left to right', () => {
    assert.deepEqual(
      LANGUAGES.filter((l) => direction(l) === 'rtl'),
      ['ar'],
    );
  });

  it('skips languages it has no table for, then falls back to English', () => {
    assert.deepEqual(pickLocale(['ko-KR', 'fr-CA', 'de']), { locale: 'fr-CA', language: 'fr' });
    assert.deepEqual(pickLocale(['ko', 'zh-Hant']), { locale: 'en', language: 'en' });
    assert.deepEqual(pickLocale([]), { locale: 'en', language: 'en' });
  });

  it('ignores malformed tags rather than throwing', () => {
    assert.equal(matchLanguage('not a tag!'), undefined);
    assert.equal(matchLanguage(''), undefined);
    assert.deepEqual(pickLocale(['!!', 'it']), { locale: 'it', language: 'it' });
  });
});

describe('merchant overrides', () => {
  it('replaces single keys in every language, leaving the rest built in', () => {
    const table = withOverrides(en, 'en', { 'lookup.heading': 'Start a return' });
    assert.equal(table['lookup.heading'], 'Start a return');
    assert.equal(table['lookup.submit'], en['lookup.submit']);
    assert.equal(en['lookup.heading'], 'Find your order', 'the built-in table is untouched');
  });

  it('applies a language’s overrides to it only, the exact tag over the language', async () => {
    const es = await loadMessages('es');
    const overrides = {
      'lookup.submit': 'Go',
      es: { 'lookup.heading': 'Inicia tu devolución', 'lookup.submit': 'Vamos' },
      'es-MX': { 'lookup.heading': 'Empieza tu devolución' },
      fr: { 'lookup.heading': 'Commencez' },
    };
    const mx = withOverrides(es, 'es-MX', overrides);
    assert.equal(mx['lookup.heading'], 'Empieza tu devolución');
    assert.equal(mx['lookup.submit'], 'Vamos');
    const spain = withOverrides(es, 'es-ES', overrides);
    assert.equal(spain['lookup.heading'], 'Inicia tu devolución');
    const english = withOverrides(en, 'en', overrides);
    assert.equal(english['lookup.heading'], en['lookup.heading']);
    assert.equal(english['lookup.submit'], 'Go');
  });

  it('ignores unknown keys and values that are not strings', () => {
    const table = withOverrides(en, 'en', {
      'no.such.key': 'x',
      'lookup.heading': 42,
    } as never);
    assert.equal(table, en);
  });

  it('fills placeholders in an override like in a built-in string', () => {
    const table = withOverrides(en, 'en', { 'items.intro': 'Pedido n.º {number}' });
    assert.equal(createI18n('en', table).t('items.intro', { number: 7 }), 'Pedido n.º 7');
  });
});
