-- The review queue and its counts read only applications awaiting a decision, by
-- system and due date: one small index holds every column they need, so neither
-- visits the table (at national scale a council's 300 submitted applications lie on
-- as many scattered pages).
CREATE INDEX applications_awaiting ON applications
    (system_id, decision_due, submitted_at, id, organisation_id, submitted_on, extended_to)
    WHERE status = 'submitted';
