-- Placement requests and the offers that answer them. Times are Unix seconds, dates
-- ISO `YYYY-MM-DD`, money whole pence, hours as minutes.

-- Who may award what, by whole-life value. No row: the portal's defaults
-- (`placements::approval::DEFAULT_LIMITS`).
CREATE TABLE approval_limits (
    council_id INTEGER PRIMARY KEY REFERENCES organisations (id),
    commissioner_pence INTEGER NOT NULL,
    approver_pence INTEGER NOT NULL,
    cabinet_pence INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- The anonymised request every eligible provider of the lot is sent. `risk_flags` is
-- a comma-separated list of `placements::types::RiskFlag` names, `questions` a JSON
-- array of the quality questions' texts. `status` is what people did; whether it is
-- still taking offers follows from `deadline` and the clock.
CREATE TABLE placement_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES organisations (id),
    system_id INTEGER NOT NULL REFERENCES systems (id),
    lot_id INTEGER NOT NULL REFERENCES lots (id),
    reference TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('spot', 'block')),
    urgency TEXT NOT NULL,
    age_years INTEGER NOT NULL,
    gender TEXT NOT NULL,
    needs_summary TEXT NOT NULL,
    send_ehcp INTEGER NOT NULL,
    risk_flags TEXT NOT NULL,
    siblings INTEGER NOT NULL,
    pets TEXT NOT NULL,
    preferred_area TEXT NOT NULL,
    max_distance_miles INTEGER,
    placement_type TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    bespoke TEXT NOT NULL,
    minutes_per_week INTEGER,
    guaranteed_minutes INTEGER,
    questions TEXT NOT NULL,
    -- The young person turns 18 during the placement: adult social care signs off.
    transition INTEGER NOT NULL,
    transition_signed_off_by INTEGER REFERENCES users (id),
    transition_signed_off_at INTEGER,
    issued_by INTEGER NOT NULL REFERENCES users (id),
    issued_at INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    all_agreed_shorter INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'cancelled', 'awarded')),
    cancel_reason TEXT,
    tie_break TEXT,
    -- Bumped by every change to the request: an edit from a stale page is refused.
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (council_id, reference)
);
CREATE INDEX placement_requests_council ON placement_requests (council_id, issued_at);
CREATE INDEX placement_requests_lot ON placement_requests (system_id, lot_id);

-- The person's identifying details, apart from the profile so that no query of the
-- request reads them by accident; erased after the retention period.
CREATE TABLE placement_people (
    request_id INTEGER PRIMARY KEY REFERENCES placement_requests (id),
    full_name TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    address TEXT NOT NULL,
    local_reference TEXT NOT NULL
);

-- Every time someone was shown them.
CREATE TABLE placement_people_views (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES placement_requests (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    viewed_at INTEGER NOT NULL
);
CREATE INDEX placement_people_views_request ON placement_people_views (request_id, viewed_at);

-- Every provider the request was sent to, fixed when it was issued.
CREATE TABLE request_recipients (
    request_id INTEGER NOT NULL REFERENCES placement_requests (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (request_id, organisation_id)
);
CREATE INDEX request_recipients_organisation ON request_recipients (organisation_id, request_id);

-- Each invited provider's answer as it stands: the latest offer version, withdrawn,
-- or declined ('none' until the first answer). Its row is locked by every change, so
-- concurrent revisions queue.
CREATE TABLE responses (
    request_id INTEGER NOT NULL REFERENCES placement_requests (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    state TEXT NOT NULL CHECK (state IN ('none', 'offered', 'withdrawn', 'declined')),
    version INTEGER NOT NULL,
    decline_reason TEXT,
    decline_detail TEXT,
    excluded_reason TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, organisation_id)
);

-- Every version of every offer, kept. Read by council users only after the deadline
-- (`placements::repo::opened`).
CREATE TABLE offer_versions (
    request_id INTEGER NOT NULL REFERENCES placement_requests (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    version INTEGER NOT NULL,
    weekly_price_pence INTEGER,
    hourly_rate_pence INTEGER,
    discount_bp INTEGER NOT NULL,
    includes TEXT NOT NULL,
    extras TEXT NOT NULL,
    start_date TEXT NOT NULL,
    area TEXT NOT NULL,
    answers TEXT NOT NULL,
    staffing_ratio TEXT NOT NULL,
    -- What one week costs: the weekly price, or a block's hours at its rates.
    weekly_cost_pence INTEGER NOT NULL,
    value_pence INTEGER NOT NULL,
    submitted_by INTEGER NOT NULL REFERENCES users (id),
    submitted_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, organisation_id, version)
);

-- An evaluator's mark for one quality answer of one offer.
CREATE TABLE offer_marks (
    request_id INTEGER NOT NULL REFERENCES placement_requests (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    question INTEGER NOT NULL,
    mark INTEGER NOT NULL CHECK (mark BETWEEN 0 AND 5),
    comment TEXT NOT NULL,
    marked_by INTEGER NOT NULL REFERENCES users (id),
    marked_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, organisation_id, question)
);

-- Call-off contracts: from a competition, or recorded directly with a justification
-- (`route` direct, spot or user_choice, `request_id` then empty).
CREATE TABLE placements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES organisations (id),
    request_id INTEGER UNIQUE REFERENCES placement_requests (id),
    system_id INTEGER REFERENCES systems (id),
    lot_id INTEGER REFERENCES lots (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    route TEXT NOT NULL CHECK (route IN ('competition', 'direct', 'spot', 'user_choice')),
    justification TEXT NOT NULL,
    weekly_price_pence INTEGER NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    value_pence INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('standstill', 'active', 'ended')),
    standstill_days INTEGER NOT NULL,
    contract_from TEXT NOT NULL,
    awarded_by INTEGER NOT NULL REFERENCES users (id),
    cabinet_reference TEXT,
    awarded_at INTEGER NOT NULL,
    winning_total INTEGER
);
CREATE INDEX placements_council ON placements (council_id, end_date);
CREATE INDEX placements_provider ON placements (organisation_id);
