-- Applications to join a purchasing system, and the provider's passport that every
-- application reuses: its standing answers and its evidence library. Dates are ISO
-- `YYYY-MM-DD` text, times Unix seconds. Booleans are INTEGER (see 0001).

-- One row per provider organisation: the answers every council asks for.
CREATE TABLE provider_profiles (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisations (id),
    company_number TEXT NOT NULL DEFAULT '',
    ppon TEXT NOT NULL DEFAULT '',
    registered_address TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);

-- The organisation's evidence library. A document has a stored file (under a generated
-- name, never the uploaded one); a registration has a regulator's reference and rating.
CREATE TABLE evidence_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL CHECK (kind IN ('document', 'ofsted', 'cqc')),
    title TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    rating TEXT NOT NULL DEFAULT '',
    file_name TEXT,
    stored_name TEXT UNIQUE,
    file_kind TEXT,
    file_size INTEGER,
    expires_on TEXT,
    added_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX evidence_items_organisation ON evidence_items (organisation_id, created_at);

-- `lots` is a JSON array of the lot ids applied for. `snapshot` is the questionnaire
-- and answers as submitted: what the council judges, whatever changes afterwards.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id INTEGER NOT NULL REFERENCES systems (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'admitted', 'rejected')),
    lots TEXT NOT NULL,
    company_number TEXT NOT NULL DEFAULT '',
    ppon TEXT NOT NULL DEFAULT '',
    registered_address TEXT NOT NULL DEFAULT '',
    declared_by INTEGER REFERENCES users (id),
    submitted_at INTEGER,
    submitted_on TEXT,
    decision_due TEXT,
    decided_at INTEGER,
    snapshot TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- One live application per organisation and system: two colleagues starting at once
-- get the same one. A rejected provider may apply again.
CREATE UNIQUE INDEX applications_live ON applications (system_id, organisation_id)
    WHERE status IN ('draft', 'submitted');
CREATE INDEX applications_organisation ON applications (organisation_id, updated_at);
CREATE INDEX applications_system ON applications (system_id, status, submitted_at);

-- `answer` is the JSON of `applications::questions::Answer`. No foreign key to the
-- question: a framework may drop a question while drafts hold answers to it.
CREATE TABLE application_answers (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    question_id INTEGER NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (application_id, question_id)
);

CREATE TABLE application_evidence (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    evidence_type_id INTEGER NOT NULL,
    evidence_item_id INTEGER NOT NULL REFERENCES evidence_items (id),
    PRIMARY KEY (application_id, evidence_type_id)
);
CREATE INDEX application_evidence_item ON application_evidence (evidence_item_id);

-- The items an application submitted: the council users of its system may open these,
-- and no other item of the provider's library.
CREATE TABLE submitted_evidence (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    evidence_item_id INTEGER NOT NULL REFERENCES evidence_items (id),
    PRIMARY KEY (application_id, evidence_item_id)
);
CREATE INDEX submitted_evidence_item ON submitted_evidence (evidence_item_id);
