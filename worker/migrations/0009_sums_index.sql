-- Issue 17: a consolidation reads each unit's newest revision of a template with its stored sums.
-- `sums` is the last column of a row whose `rows` and `data` (the report itself, often several kB)
-- spill into overflow pages; reading `sums` from the table walks them for every row. These indexes
-- hold what the reads need, so SQLite answers them from the index alone (a province's 160,000 rows:
-- 0.44 s → 0.18 s in SQLite itself). Stale sums (an older summing) are rare and read by id apart.
CREATE INDEX submissions_sums ON submissions (year, template, unit, revision, status, created_at, id, sums);
-- A published version's entries reach their revisions by id.
CREATE INDEX submissions_id_sums ON submissions (id, sums);
