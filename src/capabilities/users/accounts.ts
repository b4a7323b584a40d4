// User accounts: the owner created on first run, argon2id password hashes, credentials for services.
import argon2 from 'argon2';
import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { HausmeisterError } from '../../errors.js';
import type { StateDatabase } from '../../store/database.js';

export interface User {
  id: number;
  name: string;
  role: 'owner' | 'user';
}

export const USERNAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
export const PASSWORD_MIN_LENGTH = 10;

// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): strong, yet light enough for a Raspberry Pi.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// Verified against when the user does not exist, so a wrong name costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= argon2.hash(randomBytes(16).toString('hex'), HASH_OPTIONS);
  return dummyHash;
}

export class UserAccounts {
  readonly #db: StateDatabase;
  // Used on every API request: prepared once.
  readonly #byId;
  readonly #count;

  constructor(db: StateDatabase) {
    this.#db = db;
    this.#byId = db.prepare('SELECT id, name, role FROM users WHERE id = ?');
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM users');
  }

  setupRequired(): boolean {
    return this.count() === 0;
  }

  count(): number {
    return (this.#count.get() as { n: number }).n;
  }

  /** Creates the owner on first run; refused once any account exists. */
  async createOwner(name: string, password: string): Promise<User> {
    checkCredentialsShape(name, password);
    const hash = await argon2.hash(password, HASH_OPTIONS);
    const serviceHash = await bcrypt.hash(password, 10);
    const create = this.#db.transaction(() => {
      if (this.count() > 0) {
        throw new HausmeisterError('CONFLICT', { messageKey: 'auth.error.setupDone' });
      }
      const result = this.#db
        .prepare("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, 'owner', ?, ?)")
        .run(name, hash, new Date().toISOString());
      const id = Number(result.lastInsertRowid);
      this.#db
        .prepare("INSERT INTO service_credentials (user_id, kind, hash) VALUES (?, 'bcrypt', ?)")
        .run(id, serviceHash);
      return id;
    });
    return { id: create(), name, role: 'owner' };
  }

  /** The user if the password matches, else null. */
  async verify(name: string, password: string): Promise<User | null> {
    const row = this.#db
      .prepare('SELECT id, name, role, password_hash FROM users WHERE name = ?')
      .get(name) as (User & { password_hash: string }) | undefined;
    const ok = await argon2
      .verify(row?.password_hash ?? (await dummyPasswordHash()), password)
      .catch(() => false);
    if (!row || !ok) return null;
    return { id: row.id, name: row.name, role: row.role };
  }

  byId(id: number): User | null {
    return (this.#byId.get(id) as User | undefined) ?? null;
  }

  owner(): User | null {
    return (
      (this.#db.prepare("SELECT id, name, role FROM users WHERE role = 'owner' ORDER BY id LIMIT 1").get() as
        User | undefined) ?? null
    );
  }

  list(): User[] {
    return this.#db.prepare('SELECT id, name, role FROM users ORDER BY id').all() as User[];
  }

  /** bcrypt hashes of every user, for services that check passwords themselves (Radicale). */
  serviceAccounts(): { name: string; bcrypt: string }[] {
    return this.#db
      .prepare(
        "SELECT u.name AS name, c.hash AS bcrypt FROM users u JOIN service_credentials c ON c.user_id = u.id AND c.kind = 'bcrypt' ORDER BY u.id",
      )
      .all() as { name: string; bcrypt: string }[];
  }
}

export function checkCredentialsShape(name: string, password: string): void {
  const fields = [];
  if (!USERNAME_PATTERN.test(name))
    fields.push({ field: 'username', messageKey: 'auth.error.usernameShape' });
  if (password.length < PASSWORD_MIN_LENGTH)
    fields.push({
      field: 'password',
      messageKey: 'auth.error.passwordTooShort',
      params: { min: PASSWORD_MIN_LENGTH },
    });
  if (fields.length > 0) throw new HausmeisterError('BAD_INPUT', { messageKey: 'error.badInput', fields });
}
