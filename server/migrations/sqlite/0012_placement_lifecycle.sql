-- What happens to a placement after award: its status moves on with the days, a
-- block arrangement's hours are recorded week by week, and the person's identifying
-- details are erased when the council's retention period is over.

-- A block arrangement's terms, taken from the winning offer at award, so that the
-- hours delivered can be priced against the hours guaranteed. NULL for a weekly price.
ALTER TABLE placements ADD COLUMN hourly_rate_pence INTEGER;
ALTER TABLE placements ADD COLUMN minutes_per_week INTEGER;
ALTER TABLE placements ADD COLUMN guaranteed_minutes INTEGER;
ALTER TABLE placements ADD COLUMN discount_bp INTEGER;
-- The daily sweep reads the placements whose status is due to move on.
CREATE INDEX placements_status ON placements (status, end_date);

-- The hours a provider delivered in one week of a block arrangement (Monday to
-- Sunday, `week_start` the Monday); a correction replaces the week's row, and the
-- audit log keeps what it was.
CREATE TABLE delivered_hours (
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    week_start TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes >= 0),
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (placement_id, week_start)
);

-- When and why the person's identifying details were erased (their row in
-- placement_people deleted); NULL while they are kept.
ALTER TABLE placement_requests ADD COLUMN person_erased_at INTEGER;
ALTER TABLE placement_requests ADD COLUMN person_erased_reason TEXT;

-- How many months after a placement ends (or a request closes without one) the
-- council keeps the person's details. No row: `placements::retention` default.
CREATE TABLE person_retention (
    council_id INTEGER PRIMARY KEY REFERENCES organisations (id),
    months INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
