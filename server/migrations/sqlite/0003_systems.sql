-- Purchasing systems: the council's DPS, dynamic market or framework, its consortium of
-- participating councils, its lots, evidence types, selection questionnaire and the
-- windows in which a framework is open to new applicants. Dates are ISO `YYYY-MM-DD`
-- text, times Unix seconds, money whole pence.

CREATE TABLE systems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_council_id INTEGER NOT NULL REFERENCES organisations (id),
    reference TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    regime TEXT NOT NULL,
    system_type TEXT NOT NULL,
    start_date TEXT NOT NULL,
    term TEXT NOT NULL,
    end_date TEXT NOT NULL,
    estimated_value_pence INTEGER,
    quality_weight INTEGER NOT NULL,
    price_weight INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    window_open INTEGER NOT NULL DEFAULT 0,
    awarded INTEGER NOT NULL DEFAULT 0,
    -- Bumped by every change: an edit made from a stale page is refused, not merged.
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    opened_at INTEGER,
    closed_at INTEGER,
    UNIQUE (lead_council_id, reference)
);
CREATE INDEX systems_status ON systems (status);

CREATE TABLE system_councils (
    system_id INTEGER NOT NULL REFERENCES systems (id),
    council_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (system_id, council_id)
);
CREATE INDEX system_councils_council ON system_councils (council_id);

CREATE TABLE lots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id INTEGER NOT NULL REFERENCES systems (id),
    number INTEGER NOT NULL,
    service_type TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    UNIQUE (system_id, number)
);

-- `lots` is a JSON array of lot ids that need the item; empty means every lot.
CREATE TABLE evidence_types (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id INTEGER NOT NULL REFERENCES systems (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    value_kind TEXT NOT NULL,
    mandatory INTEGER NOT NULL,
    expires INTEGER NOT NULL,
    lots TEXT NOT NULL
);
CREATE INDEX evidence_types_system ON evidence_types (system_id, position);

CREATE TABLE question_sections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id INTEGER NOT NULL REFERENCES systems (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX question_sections_system ON question_sections (system_id, position);

-- `kind` and `marking` are the JSON of the questionnaire's typed rules; `lots` as above.
CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id INTEGER NOT NULL REFERENCES systems (id),
    section_id INTEGER NOT NULL REFERENCES question_sections (id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    marking TEXT NOT NULL,
    mandatory INTEGER NOT NULL,
    lots TEXT NOT NULL
);
CREATE INDEX questions_system ON questions (system_id, section_id, position);

CREATE TABLE system_windows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id INTEGER NOT NULL REFERENCES systems (id),
    opened_at INTEGER NOT NULL,
    closed_at INTEGER
);
CREATE INDEX system_windows_system ON system_windows (system_id, opened_at);
