// Persists each service's desired state (on/off) and its settings.
import type { StateDatabase } from './database.js';

export interface StoredServiceState {
  enabled: boolean;
  settings: Record<string, string | number | boolean>;
}

export class ServiceStateStore {
  // Prepared once: compiling SQL on every API request cost more than running it.
  readonly #select;
  readonly #selectEnabled;
  readonly #upsertEnabled;
  readonly #upsertSettings;

  constructor(db: StateDatabase) {
    this.#select = db.prepare('SELECT enabled, settings FROM services WHERE id = ?');
    this.#selectEnabled = db.prepare('SELECT id FROM services WHERE enabled = 1 ORDER BY id');
    this.#upsertEnabled = db.prepare(
      `INSERT INTO services (id, enabled, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`,
    );
    this.#upsertSettings = db.prepare(
      `INSERT INTO services (id, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    );
  }

  get(id: string): StoredServiceState | null {
    const row = this.#select.get(id) as { enabled: number; settings: string } | undefined;
    return row
      ? { enabled: row.enabled === 1, settings: JSON.parse(row.settings) as StoredServiceState['settings'] }
      : null;
  }

  enabledIds(): string[] {
    return this.#selectEnabled.all().map((row) => (row as { id: string }).id);
  }

  setEnabled(id: string, enabled: boolean): void {
    this.#upsertEnabled.run(id, enabled ? 1 : 0, new Date().toISOString());
  }

  setSettings(id: string, settings: StoredServiceState['settings']): void {
    this.#upsertSettings.run(id, JSON.stringify(settings), new Date().toISOString());
  }
}
