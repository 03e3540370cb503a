-- The day a placement's current weekly cost began, when it was varied after award
-- (NULL: the cost agreed at award, from the start). A later variation may not start
-- before it, so the days already repriced are never priced twice.
ALTER TABLE placements ADD COLUMN price_from TEXT;
