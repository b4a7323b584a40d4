// Encrypts secrets at rest (backup passphrase, FTP/S3/SMTP credentials) with AES-256-GCM under a key
// file that only the daemon's user can read, so a copied database alone reveals none of them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/atomic-write.js';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** A secret that says "[secret]" when logged or serialised by accident. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[secret]';
  }
}

/** What a capability needs of the box: seal a secret for one use, open it again. */
export interface SecretSealer {
  seal(secret: Secret, context: string): string;
  open(sealed: string, context: string): Secret;
}

export class SecretBox implements SecretSealer {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /** Loads the key file, creating it (mode 0600) on first use. */
  static async open(keyFile: string): Promise<SecretBox> {
    const existing = await readFile(keyFile).catch(() => null);
    if (existing && existing.length === KEY_BYTES) return new SecretBox(existing);
    if (existing)
      throw new Error(`${keyFile} is damaged (expected ${KEY_BYTES} bytes): restore it from a backup`);
    const key = randomBytes(KEY_BYTES);
    await writeFileAtomic(keyFile, key, 0o600);
    return new SecretBox(key);
  }

  /** `v1.<iv>.<tag>.<ciphertext>` in base64url; `context` binds it to its use (e.g. `backup.passphrase`). */
  seal(secret: Secret, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(secret.reveal(), 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Throws when the text was changed, sealed under another key, or for another context. */
  open(sealed: string, context: string): Secret {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return new Secret(
      Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8'),
    );
  }
}
