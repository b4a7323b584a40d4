// Persists the notification settings and when the last report was sent.
import type { StateDatabase } from './database.js';

export class NotificationStore {
  readonly #db: StateDatabase;

  constructor(db: StateDatabase) {
    this.#db = db;
  }

  settings<T>(): T | null {
    const row = this.#db.prepare('SELECT settings FROM notification_settings WHERE id = 1').get() as
      { settings: string } | undefined;
    return row ? (JSON.parse(row.settings) as T) : null;
  }

  save(settings: unknown): void {
    this.#db
      .prepare(
        `INSERT INTO notification_settings (id, settings, updated_at) VALUES (1, ?, ?)
         ON CONFLICT(id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      )
      .run(JSON.stringify(settings), new Date().toISOString());
  }

  /** When the settings were last saved: a schedule counts from here until the first report. */
  savedAt(): string | null {
    const row = this.#db.prepare('SELECT updated_at FROM notification_settings WHERE id = 1').get() as
      { updated_at: string } | undefined;
    return row?.updated_at ?? null;
  }

  lastReportAt(): string | null {
    const row = this.#db.prepare('SELECT last_report_at FROM notification_settings WHERE id = 1').get() as
      { last_report_at: string | null } | undefined;
    return row?.last_report_at ?? null;
  }

  reportSent(at: string): void {
    this.#db.prepare('UPDATE notification_settings SET last_report_at = ? WHERE id = 1').run(at);
  }

  alerts(): { key: string; problem: unknown; firstSeenAt: string; lastMailAt: string }[] {
    return (
      this.#db.prepare('SELECT key, problem, first_seen_at, last_mail_at FROM alert_state').all() as {
        key: string;
        problem: string;
        first_seen_at: string;
        last_mail_at: string;
      }[]
    ).map((row) => ({
      key: row.key,
      problem: JSON.parse(row.problem),
      firstSeenAt: row.first_seen_at,
      lastMailAt: row.last_mail_at,
    }));
  }

  alertMailed(key: string, problem: unknown, at: string): void {
    this.#db
      .prepare(
        `INSERT INTO alert_state (key, problem, first_seen_at, last_mail_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET problem = excluded.problem, last_mail_at = excluded.last_mail_at`,
      )
      .run(key, JSON.stringify(problem), at, at);
  }

  alertCleared(key: string): void {
    this.#db.prepare('DELETE FROM alert_state WHERE key = ?').run(key);
  }

  /**
   * Notes the daemon's start in this boot; the first start of a new boot after a boot without a clean
   * stop is marked unexpected.
   */
  recordStart(bootId: string, at: string): void {
    this.#db.transaction(() => {
      if (this.#db.prepare('SELECT 1 FROM host_boots WHERE boot_id = ?').get(bootId)) {
        this.#db.prepare('UPDATE host_boots SET clean_stop = 0 WHERE boot_id = ?').run(bootId);
        return;
      }
      const previous = this.#db
        .prepare('SELECT clean_stop FROM host_boots ORDER BY seen_at DESC, rowid DESC LIMIT 1')
        .get() as { clean_stop: number } | undefined;
      this.#db
        .prepare('INSERT INTO host_boots (boot_id, seen_at, unexpected) VALUES (?, ?, ?)')
        .run(bootId, at, previous && previous.clean_stop === 0 ? 1 : 0);
    })();
  }

  recordCleanStop(bootId: string): void {
    this.#db.prepare('UPDATE host_boots SET clean_stop = 1 WHERE boot_id = ?').run(bootId);
  }

  /** When the unexpected restarts since `since` were first seen, newest first. */
  unexpectedRestartsSince(since: string): string[] {
    return (
      this.#db
        .prepare('SELECT seen_at FROM host_boots WHERE unexpected = 1 AND seen_at >= ? ORDER BY seen_at DESC')
        .all(since) as { seen_at: string }[]
    ).map((row) => row.seen_at);
  }
}
