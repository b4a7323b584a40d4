// The outbox every notification goes through: a mail is stored first, then sent through the active
// account; when the server is unreachable it waits and is tried again with growing pauses, so nothing
// is lost. What waits, and why, is visible to the owner.
import { isHausmeisterError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { OutboxRow, OutboxStore } from '../../store/outbox-store.js';
import type { OutgoingMail } from './mail-transport.js';

const MINUTE = 60_000;
/** 1, 2, 4 … minutes between attempts, at most an hour. */
const MAX_PAUSE_MS = 60 * MINUTE;
/** A mail that could not go out for this long is given up (and stays visible as such). */
const GIVE_UP_AFTER_MS = 3 * 24 * 60 * MINUTE;
const KEEP_SENT_MS = 7 * 24 * 60 * MINUTE;
const CHECK_EVERY_MS = 30_000;

export interface QueuedMail {
  id: number;
  kind: string;
  createdAt: string;
  subject: string;
  recipients: string[];
  state: 'queued' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  sentAt: string | null;
  lastError: { reason: string; messageKey: string; params: Record<string, string | number> } | null;
}

export interface MailOutboxDeps {
  store: OutboxStore;
  send(mail: OutgoingMail): Promise<void>;
  log: Logger;
  now?: () => Date;
  onChange?: () => void;
}

export function pauseAfter(attempts: number): number {
  return Math.min(MAX_PAUSE_MS, MINUTE * 2 ** Math.max(0, attempts - 1));
}

export class MailOutbox {
  readonly #deps: MailOutboxDeps;
  #flushing: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;

  constructor(deps: MailOutboxDeps) {
    this.#deps = deps;
  }

  /** Stores the mail and tries to send it at once; resolves once it is stored (not sent). */
  enqueue(kind: string, mail: OutgoingMail): number {
    const id = this.#deps.store.add({
      kind,
      subject: mail.subject,
      recipients: mail.to,
      message: mail,
      at: this.#now().toISOString(),
    });
    this.#deps.onChange?.();
    void this.flush();
    return id;
  }

  /** Sends every mail that is due, one after the other; a second call while one runs runs again after. */
  flush(options: { all?: boolean } = {}): Promise<void> {
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    this.#flushing = this.#send(options.all ?? false).finally(() => {
      this.#flushing = null;
      if (this.#again) {
        this.#again = false;
        void this.flush();
      }
    });
    return this.#flushing;
  }

  list(limit = 50): QueuedMail[] {
    return this.#deps.store.list(limit).map(view);
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), CHECK_EVERY_MS);
    this.#timer.unref();
    void this.flush();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#flushing;
  }

  async #send(all: boolean): Promise<void> {
    const now = this.#now();
    const due = this.#deps.store.due(all ? '9999' : now.toISOString());
    for (const row of due) {
      try {
        await this.#deps.send(row.message as OutgoingMail);
        this.#deps.store.markSent(row.id, this.#now().toISOString());
      } catch (error) {
        const failure = isHausmeisterError(error)
          ? { reason: error.reason, messageKey: error.messageKey, params: error.params }
          : { reason: 'INTERNAL', messageKey: 'smtp.error.failed', params: {} };
        const givenUp = now.getTime() - Date.parse(row.createdAt) >= GIVE_UP_AFTER_MS;
        const next = givenUp ? null : new Date(this.#now().getTime() + pauseAfter(row.attempts + 1));
        this.#deps.store.markFailed(row.id, failure, next?.toISOString() ?? null);
        this.#deps.log.warn(
          { mail: row.id, kind: row.kind, reason: failure.reason, next: next?.toISOString() ?? 'given up' },
          'mail not sent, kept in the outbox',
        );
      }
      this.#deps.onChange?.();
    }
    this.#deps.store.pruneSent(new Date(now.getTime() - KEEP_SENT_MS).toISOString());
  }

  #now(): Date {
    return (this.#deps.now ?? (() => new Date()))();
  }
}

function view(row: OutboxRow): QueuedMail {
  return {
    id: row.id,
    kind: row.kind,
    createdAt: row.createdAt,
    subject: row.subject,
    recipients: row.recipients,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'queued' ? row.nextAttemptAt : null,
    sentAt: row.sentAt,
    lastError: row.lastError as QueuedMail['lastError'],
  };
}
