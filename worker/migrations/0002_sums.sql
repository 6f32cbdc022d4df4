-- Migration number: 0002 	 2026-11-28T00:00:00.000Z
-- Each revision's measures summed at upload time (shared/consolidate.ts sumsOf), so that a
-- year's consolidation reads a few numbers per unit instead of every row. NULL for revisions
-- stored before this migration or restored from an archive: those are summed when read.
ALTER TABLE submissions ADD COLUMN sums TEXT;
