import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { GzipMembers } from './gzip-members.js';

/** Feeds the parts the two ways a volume does: read into the member's room, and appended. */
function gzip(parts: Buffer[], how: 'read' | 'append' = 'read'): Buffer {
  const members = new GzipMembers(1);
  const out: Buffer[] = [];
  for (const part of parts) {
    if (how === 'append') members.append(part);
    else
      for (let offset = 0; offset < part.length;) {
        const room = members.room();
        const length = Math.min(room.length, part.length - offset, 100_000);
        part.copy(room, 0, offset, offset + length);
        members.added(length);
        offset += length;
      }
    out.push(...members.take());
  }
  out.push(...members.end());
  return Buffer.concat(out);
}

describe('GzipMembers', () => {
  const text = Buffer.from('the quick brown fox jumps over the lazy dog\n'.repeat(20_000));

  it('is one gzip stream for gunzip, whatever the mix of text and random data', () => {
    const input = [text.subarray(0, 100_000), randomBytes(700_000), text, Buffer.alloc(0), randomBytes(10)];
    assert.deepEqual(gunzipSync(gzip(input)), Buffer.concat(input));
    assert.deepEqual(gunzipSync(gzip(input, 'append')), Buffer.concat(input));
  });

  it('keeps every byte when the kind changes inside one read', () => {
    // Small files alternate: each read holds several of them, random and text.
    const input: Buffer[] = [];
    for (let i = 0; i < 60; i++)
      input.push(i % 2 ? randomBytes(5_000 + i * 300) : text.subarray(i, 40_000 + i));
    const whole = Buffer.concat(input);
    assert.deepEqual(gunzipSync(gzip([whole])), whole);
  });

  it('compresses text, and stores random data instead of working on it in vain', () => {
    const german = Buffer.from('Sehr geehrte Damen und Herren, '.repeat(40_000));
    assert.ok(gzip([german]).length < german.length / 10);
    const random = randomBytes(2_000_000);
    const stored = gzip([random]);
    assert.ok(stored.length > random.length && stored.length < random.length * 1.01);
  });

  it('gives a valid empty stream for no input', () => {
    assert.deepEqual(gunzipSync(gzip([])), Buffer.alloc(0));
  });
});
