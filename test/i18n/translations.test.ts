// German and English texts must say the same things: same keys, same placeholders, nothing empty.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/src/i18n');
const load = (lang: string) =>
  JSON.parse(readFileSync(path.join(dir, `${lang}.json`), 'utf8')) as Record<string, string>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const de = load('de');
  const en = load('en');

  it('have the same keys in German and English', () => {
    assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort());
  });

  it('use the same placeholders in both languages, and no text is empty', () => {
    for (const key of Object.keys(en)) {
      assert.ok(en[key]?.trim() && de[key]?.trim(), `${key} is empty`);
      assert.deepEqual(placeholders(de[key] ?? ''), placeholders(en[key] ?? ''), key);
    }
  });

  it('cover every message key the server sends', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = (await readdir(path.resolve(dir, '../../../src'), { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const keys = new Set<string>();
    for (const file of files) {
      const text = readFileSync(path.resolve(dir, '../../../src', file), 'utf8');
      for (const m of text.matchAll(/(?:messageKey|reasonKey):\s*'([a-z]+\.[A-Za-z.]+)'/g))
        if (m[1]) keys.add(m[1]);
    }
    const missing = [...keys].filter((k) => !(k in en)).sort();
    assert.deepEqual(missing, [], `message keys without a translation: ${missing.join(', ')}`);
  });
});
