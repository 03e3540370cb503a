-- The review queue and its counts read only applications awaiting a decision, by
-- system and due date: one small index holds every column they need, so neither
-- visits the table (at national scale a council's 300 submitted applications lie on
-- as many scattered pages). `status` is in the key, constant as it is here, so that a
-- planner without statistics (SQLite's) ranks it above `applications_system`.
CREATE INDEX applications_awaiting ON applications
    (system_id, status, decision_due, submitted_at, id, organisation_id, submitted_on, extended_to)
    WHERE status = 'submitted';
