// Persists the backup settings, their sealed secrets, the passphrase history and the record of runs.
import type { StateDatabase } from './database.js';

export interface RunRecord {
  id: number;
  action: string;
  trigger: string;
  state: string;
  startedAt: string;
  finishedAt: string | null;
  backupId: string | null;
  kind: string | null;
  result: unknown;
  error: unknown;
}

interface RunRow {
  id: number;
  action: string;
  trigger: string;
  state: string;
  started_at: string;
  finished_at: string | null;
  backup_id: string | null;
  kind: string | null;
  result: string | null;
  error: string | null;
}

export class BackupStore {
  readonly #db: StateDatabase;

  constructor(db: StateDatabase) {
    this.#db = db;
  }

  settings<T>(): T | null {
    const row = this.#db.prepare('SELECT settings FROM backup_settings WHERE id = 1').get() as
      { settings: string } | undefined;
    return row ? (JSON.parse(row.settings) as T) : null;
  }

  /** Settings and secrets change together or not at all. */
  saveSettings(settings: unknown, secrets: Record<string, string | null>, passphrase: string | null): void {
    const now = new Date().toISOString();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO backup_settings (id, settings, updated_at) VALUES (1, ?, ?)
           ON CONFLICT(id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
        )
        .run(JSON.stringify(settings), now);
      for (const [name, sealed] of Object.entries(secrets)) {
        if (sealed === null) this.#db.prepare('DELETE FROM backup_secrets WHERE name = ?').run(name);
        else
          this.#db
            .prepare(
              'INSERT INTO backup_secrets (name, sealed) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET sealed = excluded.sealed',
            )
            .run(name, sealed);
      }
      if (passphrase !== null)
        this.#db
          .prepare('INSERT INTO backup_passphrases (sealed, set_at) VALUES (?, ?)')
          .run(passphrase, now);
    })();
  }

  secret(name: string): string | null {
    const row = this.#db.prepare('SELECT sealed FROM backup_secrets WHERE name = ?').get(name) as
      { sealed: string } | undefined;
    return row?.sealed ?? null;
  }

  /** Newest first. */
  passphrases(): { sealed: string; setAt: string }[] {
    return (
      this.#db.prepare('SELECT sealed, set_at FROM backup_passphrases ORDER BY id DESC').all() as {
        sealed: string;
        set_at: string;
      }[]
    ).map((row) => ({ sealed: row.sealed, setAt: row.set_at }));
  }

  startRun(action: string, trigger: string, at: Date): number {
    const result = this.#db
      .prepare("INSERT INTO backup_runs (action, trigger, state, started_at) VALUES (?, ?, 'running', ?)")
      .run(action, trigger, at.toISOString());
    return Number(result.lastInsertRowid);
  }

  finishRun(
    id: number,
    outcome: {
      state: string;
      backupId?: string | null;
      kind?: string | null;
      result?: unknown;
      error?: unknown;
    },
    at: Date,
  ): void {
    this.#db
      .prepare(
        `UPDATE backup_runs SET state = ?, finished_at = ?, backup_id = ?, kind = ?, result = ?, error = ?
         WHERE id = ?`,
      )
      .run(
        outcome.state,
        at.toISOString(),
        outcome.backupId ?? null,
        outcome.kind ?? null,
        outcome.result === undefined ? null : JSON.stringify(outcome.result),
        outcome.error === undefined || outcome.error === null ? null : JSON.stringify(outcome.error),
        id,
      );
  }

  /** Runs the daemon did not see to their end (it was killed, the box lost power). */
  markUnfinishedRuns(error: unknown): number {
    return this.#db
      .prepare(
        "UPDATE backup_runs SET state = 'interrupted', finished_at = ?, error = ? WHERE state = 'running'",
      )
      .run(new Date().toISOString(), JSON.stringify(error)).changes;
  }

  runs(limit: number): RunRecord[] {
    const rows = this.#db
      .prepare('SELECT * FROM backup_runs ORDER BY id DESC LIMIT ?')
      .all(limit) as RunRow[];
    return rows.map(toRecord);
  }

  /** The newest run of an action that reached a state, e.g. the last successful backup. */
  lastRun(action: string, states: string[]): RunRecord | null {
    const row = this.#db
      .prepare(
        `SELECT * FROM backup_runs WHERE action = ? AND state IN (${states.map(() => '?').join(',')})
         ORDER BY id DESC LIMIT 1`,
      )
      .get(action, ...states) as RunRow | undefined;
    return row ? toRecord(row) : null;
  }
}

function toRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    action: row.action,
    trigger: row.trigger,
    state: row.state,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    backupId: row.backup_id,
    kind: row.kind,
    result: row.result ? (JSON.parse(row.result) as unknown) : null,
    error: row.error ? (JSON.parse(row.error) as unknown) : null,
  };
}
