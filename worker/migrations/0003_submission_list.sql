-- Migration number: 0003 	 2026-11-29T00:00:00.000Z
-- GET /submissions pages by (year, unit, template, revision) with a keyset cursor: an index in
-- that order lets each page start at its cursor instead of sorting the year's revisions.
CREATE INDEX submissions_list ON submissions (year, unit, template, revision);
