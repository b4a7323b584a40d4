// Persists the outgoing mail account (active and draft) and their sealed passwords.
import type { StateDatabase } from './database.js';

export class SmtpStore {
  readonly #db: StateDatabase;

  constructor(db: StateDatabase) {
    this.#db = db;
  }

  state<T>(): T | null {
    const row = this.#db.prepare('SELECT state FROM smtp_settings WHERE id = 1').get() as
      { state: string } | undefined;
    return row ? (JSON.parse(row.state) as T) : null;
  }

  secret(name: string): string | null {
    const row = this.#db.prepare('SELECT sealed FROM smtp_secrets WHERE name = ?').get(name) as
      { sealed: string } | undefined;
    return row?.sealed ?? null;
  }

  /** The state and its passwords change together or not at all; null deletes a password. */
  save(state: unknown, secrets: Record<string, string | null>): void {
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO smtp_settings (id, state, updated_at) VALUES (1, ?, ?)
           ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
        )
        .run(JSON.stringify(state), new Date().toISOString());
      for (const [name, sealed] of Object.entries(secrets)) {
        if (sealed === null) this.#db.prepare('DELETE FROM smtp_secrets WHERE name = ?').run(name);
        else
          this.#db
            .prepare(
              'INSERT INTO smtp_secrets (name, sealed) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET sealed = excluded.sealed',
            )
            .run(name, sealed);
      }
    })();
  }
}
