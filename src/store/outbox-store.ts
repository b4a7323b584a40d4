// Persists the mail outbox: each mail is written before the first attempt to send it, so a crash or
// an unreachable server loses nothing.
import type { StateDatabase } from './database.js';

export interface OutboxRow {
  id: number;
  kind: string;
  createdAt: string;
  subject: string;
  recipients: string[];
  message: unknown;
  state: 'queued' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: unknown;
  sentAt: string | null;
}

interface Row {
  id: number;
  kind: string;
  created_at: string;
  subject: string;
  recipients: string;
  message: string | null;
  state: OutboxRow['state'];
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
}

function fromRow(row: Row): OutboxRow {
  return {
    id: row.id,
    kind: row.kind,
    createdAt: row.created_at,
    subject: row.subject,
    recipients: JSON.parse(row.recipients) as string[],
    message: row.message === null ? null : JSON.parse(row.message),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error === null ? null : JSON.parse(row.last_error),
    sentAt: row.sent_at,
  };
}

export class OutboxStore {
  readonly #db: StateDatabase;

  constructor(db: StateDatabase) {
    this.#db = db;
  }

  add(mail: { kind: string; subject: string; recipients: string[]; message: unknown; at: string }): number {
    const result = this.#db
      .prepare(
        `INSERT INTO mail_outbox (kind, created_at, subject, recipients, message, state, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?)`,
      )
      .run(
        mail.kind,
        mail.at,
        mail.subject,
        JSON.stringify(mail.recipients),
        JSON.stringify(mail.message),
        mail.at,
      );
    return Number(result.lastInsertRowid);
  }

  /** Queued mails whose next attempt is due, oldest first. */
  due(now: string): OutboxRow[] {
    return (
      this.#db
        .prepare(`SELECT * FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id`)
        .all(now) as Row[]
    ).map(fromRow);
  }

  markSent(id: number, at: string): void {
    this.#db
      .prepare(
        `UPDATE mail_outbox SET state = 'sent', sent_at = ?, message = NULL, attempts = attempts + 1 WHERE id = ?`,
      )
      .run(at, id);
  }

  markFailed(id: number, error: unknown, nextAttemptAt: string | null): void {
    this.#db
      .prepare(
        `UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?,
           state = CASE WHEN ? IS NULL THEN 'failed' ELSE 'queued' END,
           next_attempt_at = COALESCE(?, next_attempt_at) WHERE id = ?`,
      )
      .run(JSON.stringify(error), nextAttemptAt, nextAttemptAt, id);
  }

  /** Everything waiting, then the newest sent or given-up ones. */
  list(limit: number): OutboxRow[] {
    return (
      this.#db
        .prepare(
          `SELECT * FROM mail_outbox ORDER BY CASE state WHEN 'queued' THEN 0 ELSE 1 END, id DESC LIMIT ?`,
        )
        .all(limit) as Row[]
    ).map(fromRow);
  }

  /** Sent mails are history: after a while only the count of what waits matters. */
  pruneSent(before: string): void {
    this.#db.prepare(`DELETE FROM mail_outbox WHERE state != 'queued' AND created_at < ?`).run(before);
  }
}
