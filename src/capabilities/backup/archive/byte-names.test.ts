import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { displayName, fsPath, hasEscapedBytes, nameFromBytes, nameToBytes } from './byte-names.js';

describe('byte names', () => {
  it('turns any bytes into text and back, unchanged', () => {
    for (let i = 0; i < 2000; i++) {
      const raw = randomBytes(1 + (i % 40));
      assert.deepEqual(nameToBytes(nameFromBytes(raw)), raw, raw.toString('hex'));
    }
  });

  it('leaves UTF-8 names alone, emoji included, and escapes only the odd bytes', () => {
    for (const name of ['Übersicht – Käse.txt', 'skull 💀 and smile 😀', '']) {
      assert.equal(nameFromBytes(Buffer.from(name)), name);
      assert.equal(hasEscapedBytes(name), false);
      assert.equal(fsPath(name), name);
    }
    const latin1 = nameFromBytes(Buffer.from('résumé.txt', 'latin1'));
    assert.equal(latin1, 'r\udce9sum\udce9.txt');
    assert.deepEqual(
      fsPath(`/srv/${latin1}`),
      Buffer.concat([Buffer.from('/srv/'), Buffer.from('résumé.txt', 'latin1')]),
    );
    assert.equal(displayName(latin1), 'r\\xe9sum\\xe9.txt');
    assert.equal(JSON.parse(JSON.stringify(latin1)), latin1, 'a manifest keeps it');
  });
});
