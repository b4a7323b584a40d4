// Records every administrative change: who did what to which thing, and when.
import type { StateDatabase } from './database.js';

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
}

export class AuditLog {
  readonly #db: StateDatabase;

  constructor(db: StateDatabase) {
    this.#db = db;
  }

  record(actor: string, action: string, target?: string, detail?: Record<string, unknown>): void {
    this.#db
      .prepare('INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)')
      .run(new Date().toISOString(), actor, action, target ?? null, detail ? JSON.stringify(detail) : null);
  }

  recent(limit = 100): AuditEntry[] {
    return this.#db
      .prepare('SELECT at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?')
      .all(limit) as AuditEntry[];
  }
}
