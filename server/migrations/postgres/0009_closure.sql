-- The end of 2015-Regulations DPSs. Times are Unix seconds.

-- A notice about a system sent once (`approaching`, `providers_told`, `closed`): the row
-- is written in the transaction that queues the emails, so a second sweep, or a second
-- server, finds it and sends nothing.
CREATE TABLE system_notices (
    system_id BIGINT NOT NULL REFERENCES systems (id),
    notice TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (system_id, notice)
);

-- The dynamic market drafted to take over from a DPS: one per DPS.
CREATE TABLE system_successors (
    system_id BIGINT PRIMARY KEY REFERENCES systems (id),
    successor_id BIGINT NOT NULL UNIQUE REFERENCES systems (id),
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL
);
