-- What happens to a placement after award: its status moves on with the days, a
-- block arrangement's hours are recorded week by week, and the person's identifying
-- details are erased when the council's retention period is over.

-- A block arrangement's terms, taken from the winning offer at award, so that the
-- hours delivered can be priced against the hours guaranteed. NULL for a weekly price.
ALTER TABLE placements ADD COLUMN hourly_rate_pence BIGINT;
ALTER TABLE placements ADD COLUMN minutes_per_week BIGINT;
ALTER TABLE placements ADD COLUMN guaranteed_minutes BIGINT;
ALTER TABLE placements ADD COLUMN discount_bp BIGINT;
-- The daily sweep reads the placements whose status is due to move on.
CREATE INDEX placements_status ON placements (status, end_date);

-- The hours a provider delivered in one week of a block arrangement (Monday to
-- Sunday, `week_start` the Monday); a correction replaces the week's row, and the
-- audit log keeps what it was.
CREATE TABLE delivered_hours (
    placement_id BIGINT NOT NULL REFERENCES placements (id),
    week_start TEXT NOT NULL,
    minutes BIGINT NOT NULL CHECK (minutes >= 0),
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (placement_id, week_start)
);

-- When and why the person's identifying details were erased (their row in
-- placement_people deleted); NULL while they are kept.
ALTER TABLE placement_requests ADD COLUMN person_erased_at BIGINT;
ALTER TABLE placement_requests ADD COLUMN person_erased_reason TEXT;

-- How many months after a placement ends (or a request closes without one) the
-- council keeps the person's details. No row: `placements::retention` default.
CREATE TABLE person_retention (
    council_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    months BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
