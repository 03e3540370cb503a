-- Ongoing compliance after admission. Times are Unix seconds; dates ISO `YYYY-MM-DD`.

-- The item the council accepted for each evidence type of a member: at admission, the
-- one the application gave; later, a replacement an evaluator accepted. Suspension is
-- decided from these rows, never from the library, where anything can be uploaded.
CREATE TABLE accepted_evidence (
    system_id INTEGER NOT NULL REFERENCES systems (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    evidence_type_id INTEGER NOT NULL,
    evidence_item_id INTEGER NOT NULL REFERENCES evidence_items (id),
    accepted_by INTEGER REFERENCES users (id),
    accepted_at INTEGER NOT NULL,
    PRIMARY KEY (system_id, organisation_id, evidence_type_id)
);
CREATE INDEX accepted_evidence_item ON accepted_evidence (evidence_item_id);

INSERT INTO accepted_evidence
    (system_id, organisation_id, evidence_type_id, evidence_item_id, accepted_by, accepted_at)
SELECT a.system_id, a.organisation_id, ae.evidence_type_id, MAX(ae.evidence_item_id),
       MAX(a.decided_by), MAX(a.decided_at)
FROM applications a
JOIN application_evidence ae ON ae.application_id = a.id
WHERE a.status = 'admitted'
  AND a.id = (SELECT MAX(m.application_id) FROM memberships m
              WHERE m.system_id = a.system_id AND m.organisation_id = a.organisation_id)
GROUP BY a.system_id, a.organisation_id, ae.evidence_type_id;

-- A member's replacement for an accepted item, for an evaluator to accept or refuse.
CREATE TABLE evidence_replacements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id INTEGER NOT NULL REFERENCES systems (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    evidence_type_id INTEGER NOT NULL,
    evidence_item_id INTEGER NOT NULL REFERENCES evidence_items (id),
    submitted_by INTEGER NOT NULL REFERENCES users (id),
    submitted_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
    decided_by INTEGER REFERENCES users (id),
    decided_at INTEGER,
    reason TEXT
);
CREATE UNIQUE INDEX evidence_replacements_pending
    ON evidence_replacements (system_id, organisation_id, evidence_type_id)
    WHERE status = 'pending';

-- Each expiry reminder of an item, once: the key is what stops a second server, or a
-- second run, from sending it again. `overtaken` ones were never sent (see
-- `compliance::reminders::overtaken`).
CREATE TABLE evidence_reminders (
    evidence_item_id INTEGER NOT NULL REFERENCES evidence_items (id),
    reminder TEXT NOT NULL CHECK (reminder IN ('30_days', '7_days', 'on_expiry')),
    sent_on TEXT NOT NULL,
    overtaken INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (evidence_item_id, reminder)
);
CREATE INDEX evidence_reminders_organisation ON evidence_reminders (organisation_id, sent_on);

-- A member's suspension from one lot: `automatic` ones (their `reasons` the JSON of
-- `compliance::suspension::Reason`s) start and lift with the evidence; a council's
-- (`reasons` the recorded reason) lift only when a council user lifts them.
CREATE TABLE suspensions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id INTEGER NOT NULL REFERENCES systems (id),
    lot_id INTEGER NOT NULL REFERENCES lots (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL CHECK (kind IN ('automatic', 'council')),
    reasons TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    started_by INTEGER REFERENCES users (id),
    lifted_at INTEGER,
    lifted_by INTEGER REFERENCES users (id),
    lift_reason TEXT
);
CREATE UNIQUE INDEX suspensions_live ON suspensions (system_id, lot_id, organisation_id, kind)
    WHERE lifted_at IS NULL;
CREATE INDEX suspensions_organisation ON suspensions (organisation_id, started_at);

-- Removal from a system ends every lot's membership; the row stays as the record.
-- `removal_ground`: `mandatory` (debarred or excluded: must be removed),
-- `discretionary` (excludable), `contract` (the system's own terms) or `request` (the
-- provider asked).
ALTER TABLE memberships ADD COLUMN removed_at INTEGER;
ALTER TABLE memberships ADD COLUMN removed_by INTEGER REFERENCES users (id);
ALTER TABLE memberships ADD COLUMN removal_ground TEXT;
ALTER TABLE memberships ADD COLUMN removal_reason TEXT;

-- A council's request that every member of a system renew its self-declaration by
-- `due_on` (5 working days on the lead council's calendar), and each member's renewal.
CREATE TABLE declaration_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id INTEGER NOT NULL REFERENCES systems (id),
    asked_by INTEGER NOT NULL REFERENCES users (id),
    asked_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    asked_at INTEGER NOT NULL
);
CREATE INDEX declaration_requests_system ON declaration_requests (system_id, asked_at);

CREATE TABLE declaration_renewals (
    request_id INTEGER NOT NULL REFERENCES declaration_requests (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    declaration TEXT NOT NULL,
    renewed_by INTEGER NOT NULL REFERENCES users (id),
    renewed_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, organisation_id)
);
