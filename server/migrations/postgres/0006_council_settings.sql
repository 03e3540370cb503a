-- A council's own settings for the legal clocks: its bank holidays, as the
-- `date,title` CSV its admin edits, and its decision period in working days for
-- systems other than a Regulation 34 DPS. No row: England and Wales, and 10 days.
CREATE TABLE council_settings (
    council_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    holidays_csv TEXT NOT NULL,
    decision_days BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
