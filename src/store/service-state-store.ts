// Persists each service's desired state (on/off) and its settings.
import type { StateDatabase } from './database.js';

export interface StoredServiceState {
  enabled: boolean;
  settings: Record<string, string | number | boolean>;
}

export class ServiceStateStore {
  readonly #db: StateDatabase;

  constructor(db: StateDatabase) {
    this.#db = db;
  }

  get(id: string): StoredServiceState | null {
    const row = this.#db.prepare('SELECT enabled, settings FROM services WHERE id = ?').get(id) as
      { enabled: number; settings: string } | undefined;
    return row
      ? { enabled: row.enabled === 1, settings: JSON.parse(row.settings) as StoredServiceState['settings'] }
      : null;
  }

  enabledIds(): string[] {
    return this.#db
      .prepare('SELECT id FROM services WHERE enabled = 1 ORDER BY id')
      .all()
      .map((row) => (row as { id: string }).id);
  }

  setEnabled(id: string, enabled: boolean): void {
    this.#db
      .prepare(
        `INSERT INTO services (id, enabled, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run(id, enabled ? 1 : 0, new Date().toISOString());
  }

  setSettings(id: string, settings: StoredServiceState['settings']): void {
    this.#db
      .prepare(
        `INSERT INTO services (id, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      )
      .run(id, JSON.stringify(settings), new Date().toISOString());
  }
}
