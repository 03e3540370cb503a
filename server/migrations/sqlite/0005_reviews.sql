-- The council's review of submitted applications: evaluators' judgements of answers
-- and evidence, clarification questions and their answers, the decision, and the
-- admitted providers of each lot. Times are Unix seconds.

-- `criterion` is `q<question id>` or `e<evidence type id>`; `evaluation` the JSON of
-- `applications::admission::Evaluation`.
CREATE TABLE evaluations (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    criterion TEXT NOT NULL,
    evaluation TEXT NOT NULL,
    evaluator_id INTEGER NOT NULL REFERENCES users (id),
    evaluated_at INTEGER NOT NULL,
    PRIMARY KEY (application_id, criterion)
);

CREATE TABLE clarifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    question TEXT NOT NULL,
    asked_by INTEGER NOT NULL REFERENCES users (id),
    asked_at INTEGER NOT NULL,
    answer TEXT,
    answered_by INTEGER REFERENCES users (id),
    answered_at INTEGER
);
CREATE INDEX clarifications_application ON clarifications (application_id, asked_at);

-- One extension of the decision period (Reg 34: once, to at most 15 working days), and
-- the decision: the JSON of `applications::admission::Outcome` with the criteria's titles.
ALTER TABLE applications ADD COLUMN extended_to INTEGER;
ALTER TABLE applications ADD COLUMN extension_reason TEXT;
ALTER TABLE applications ADD COLUMN outcome TEXT;
ALTER TABLE applications ADD COLUMN decided_by INTEGER REFERENCES users (id);

CREATE TABLE memberships (
    system_id INTEGER NOT NULL REFERENCES systems (id),
    lot_id INTEGER NOT NULL REFERENCES lots (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    admitted_at INTEGER NOT NULL,
    PRIMARY KEY (system_id, lot_id, organisation_id)
);
CREATE INDEX memberships_organisation ON memberships (organisation_id);
