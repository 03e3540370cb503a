-- Groundwork: the background job queue, per-key throttling locks, email rate events,
-- email addresses that a pending invitation or a removed account no longer block, and
-- an audit log that refuses REPLACE and carries a keyed MAC of its head.

-- One email, one account: unique among active accounts that have a password. Pending
-- invitations (no password yet) and removed people (inactive) do not block the address.
-- SQLite cannot drop a column's UNIQUE, so the table is rebuilt; deferring foreign keys
-- to the commit lets the tables that reference it follow the rename.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE users_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    email TEXT NOT NULL,
    full_name TEXT NOT NULL,
    password_hash TEXT,
    email_verified INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
INSERT INTO users_rebuilt (id, organisation_id, email, full_name, password_hash, email_verified, active, created_at)
SELECT id, organisation_id, email, full_name, password_hash, email_verified, active, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE INDEX users_organisation ON users (organisation_id);
CREATE UNIQUE INDEX users_email_account ON users (email) WHERE active = 1 AND password_hash IS NOT NULL;
CREATE UNIQUE INDEX users_email_in_organisation ON users (organisation_id, email) WHERE active = 1;
CREATE INDEX users_email ON users (email);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- What a council admin reads if it fails; never a secret.
    summary TEXT NOT NULL,
    -- Set for a job that must exist once, e.g. one night's prune.
    unique_key TEXT UNIQUE,
    organisation_id INTEGER,
    run_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    locked_by TEXT,
    locked_until INTEGER,
    last_error TEXT,
    done_at INTEGER,
    failed_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (done_at, failed_at, run_at);
CREATE INDEX jobs_failed ON jobs (failed_at, organisation_id);

-- A row per throttled key (an account's email, a client address): sign-in attempts for
-- one key take its row first, so concurrent attempts are counted one at a time.
CREATE TABLE throttle_keys (
    key TEXT PRIMARY KEY,
    touched_at INTEGER NOT NULL
);

-- Emails sent on request (reset links, sign-up, invitations), per address and client,
-- for the hourly limits.
CREATE TABLE email_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX email_requests_key ON email_requests (key, at);

-- Emails are now jobs; their links' tokens are made at delivery and never stored raw.
DROP TABLE outbox;

-- HMAC of (seq, last_hash) under a key from configuration: rewinding the head to an
-- earlier row needs the key.
ALTER TABLE audit_head ADD COLUMN head_mac TEXT;

-- REPLACE deletes the old row without firing the delete trigger: refuse any insert of
-- an id that exists.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head cannot be deleted'); END;
