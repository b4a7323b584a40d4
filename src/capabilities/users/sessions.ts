// Login sessions: random tokens in an HttpOnly cookie, stored only as hashes, each with its CSRF token.
import { createHash, randomBytes } from 'node:crypto';
import type { StateDatabase } from '../../store/database.js';

export interface Session {
  userId: number;
  csrfToken: string;
}

const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class Sessions {
  readonly #db: StateDatabase;
  // Looked up on every API request: prepared once.
  readonly #lookup;

  constructor(db: StateDatabase) {
    this.#db = db;
    this.#lookup = db.prepare('SELECT user_id, csrf_token, expires_at FROM sessions WHERE id_hash = ?');
  }

  create(userId: number): { token: string; csrfToken: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    this.#db
      .prepare(
        'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(hashToken(token), userId, csrfToken, now.toISOString(), expiresAt.toISOString());
    return { token, csrfToken, expiresAt };
  }

  lookup(token: string): Session | null {
    const row = this.#lookup.get(hashToken(token)) as
      { user_id: number; csrf_token: string; expires_at: string } | undefined;
    if (!row) return null;
    if (new Date(row.expires_at).getTime() < Date.now()) {
      this.destroy(token);
      return null;
    }
    return { userId: row.user_id, csrfToken: row.csrf_token };
  }

  destroy(token: string): void {
    this.#db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hashToken(token));
  }

  purgeExpired(): void {
    this.#db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(new Date().toISOString());
  }
}
