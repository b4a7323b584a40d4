import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { Secret, SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  it('seals and opens, with the key file created once and readable by its owner only', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secrets-'));
    const keyFile = path.join(dir, 'secret.key');
    const box = await SecretBox.open(keyFile);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    const sealed = box.seal(new Secret('hunter2 ü'), 'smtp.password');
    assert.doesNotMatch(sealed, /hunter2/);
    const again = await SecretBox.open(keyFile);
    assert.equal(again.open(sealed, 'smtp.password').reveal(), 'hunter2 ü');
  });

  it('refuses a changed text, another context or another key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secrets-'));
    const box = await SecretBox.open(path.join(dir, 'a.key'));
    const sealed = box.seal(new Secret('s3cret'), 'backup.passphrase');
    assert.throws(() => box.open(sealed, 'smtp.password'));
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    assert.throws(() => box.open(tampered, 'backup.passphrase'));
    const other = await SecretBox.open(path.join(dir, 'b.key'));
    assert.throws(() => other.open(sealed, 'backup.passphrase'));
  });

  it('refuses a damaged key file instead of silently making a new one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secrets-'));
    const keyFile = path.join(dir, 'secret.key');
    await writeFile(keyFile, 'short');
    await assert.rejects(SecretBox.open(keyFile), /damaged/);
    assert.equal(await readFile(keyFile, 'utf8'), 'short');
  });

  it('never shows a secret in logs or JSON', () => {
    const secret = new Secret('hunter2');
    assert.equal(String(secret), '[secret]');
    assert.equal(JSON.stringify({ secret }), '{"secret":"[secret]"}');
    assert.doesNotMatch(inspect({ secret }), /hunter2/);
  });
});
