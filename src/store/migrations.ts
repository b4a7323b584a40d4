// The schema of the state database, as an ordered list of migrations. Never edit a released one.

export interface Migration {
  version: number;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'user')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE TABLE services (
        id TEXT PRIMARY KEY,
        enabled INTEGER NOT NULL DEFAULT 0,
        settings TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT
      );
      CREATE TABLE service_credentials (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (user_id, kind)
      );
    `,
  },
  {
    version: 2,
    sql: `
      -- One row: the backup settings as JSON (targets without their secrets), the sealed secrets apart.
      CREATE TABLE backup_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        settings TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE backup_secrets (
        name TEXT PRIMARY KEY,
        sealed TEXT NOT NULL
      );
      -- Every passphrase ever used, newest first by set_at: older backups need the one of their time.
      CREATE TABLE backup_passphrases (
        id INTEGER PRIMARY KEY,
        sealed TEXT NOT NULL,
        set_at TEXT NOT NULL
      );
      CREATE TABLE backup_runs (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL,
        trigger TEXT NOT NULL,
        state TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        backup_id TEXT,
        kind TEXT,
        result TEXT,
        error TEXT
      );
      CREATE INDEX backup_runs_started ON backup_runs (started_at);
    `,
  },
  {
    version: 3,
    sql: `
      -- One row: the outgoing mail account as JSON (active, draft, last test), passwords sealed apart.
      CREATE TABLE smtp_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE smtp_secrets (
        name TEXT PRIMARY KEY,
        sealed TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    sql: `
      -- Mails waiting to go out (and recently sent ones): kept until the SMTP server took them.
      CREATE TABLE mail_outbox (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        subject TEXT NOT NULL,
        recipients TEXT NOT NULL,
        -- The whole mail as JSON while it waits; emptied once sent.
        message TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        sent_at TEXT
      );
      CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
      -- One row: the notification settings as JSON, and when the last report went into the outbox.
      CREATE TABLE notification_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        settings TEXT NOT NULL,
        last_report_at TEXT,
        updated_at TEXT NOT NULL
      );
      -- Each boot of the machine the daemon ran in, and whether the daemon stopped cleanly in it: a new
      -- boot after one without a clean stop was a power cut or a crash.
      CREATE TABLE host_boots (
        boot_id TEXT PRIMARY KEY,
        seen_at TEXT NOT NULL,
        clean_stop INTEGER NOT NULL DEFAULT 0,
        unexpected INTEGER NOT NULL DEFAULT 0
      );
      -- Problems an alert went out for, until they clear: one mail per problem and period.
      CREATE TABLE alert_state (
        key TEXT PRIMARY KEY,
        problem TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        last_mail_at TEXT NOT NULL
      );
    `,
  },
];
