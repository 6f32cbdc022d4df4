-- Migration number: 0004 	 2026-11-29T00:00:00.000Z
-- The reporting year (reporting-year.md): publication at close, versions, corrections.
-- A version's frozen inputs are kept here, self-contained (roster, this year's entries, the
-- last-year figures its 上年 used, last year's published totals, the settings it printed);
-- its rendered bodies (JSON, workbook) live in R2 and can always be rendered again from these.
-- docs/PUBLICATION.md says why the storage is split this way.

CREATE TABLE publications (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  published_at TEXT NOT NULL,
  -- SHA-256 of the JCS form of the version's `sheets`; null until computed from the frozen inputs.
  checksum TEXT,
  reason TEXT,
  deadline TEXT,
  -- The deployment's names as printed (JSON); null until the first rendering fixes them.
  settings TEXT,
  -- Last year's published totals per sheet as this version compared with them (JSON), null when none.
  previous_published TEXT,
  -- This version's totals per sheet (JSON), carried into next year's previousPublished; null until computed.
  totals TEXT,
  PRIMARY KEY (year, version)
);

-- The roster (报送名录) as it was at each version's publication.
CREATE TABLE publication_roster (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  org TEXT NOT NULL,
  district TEXT NOT NULL,
  district_code TEXT,
  active INTEGER NOT NULL,
  PRIMARY KEY (year, version, code)
);

-- Each unit × template's newest revision as it stood for the version; counted unless returned.
CREATE TABLE publication_entries (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  unit TEXT NOT NULL,
  template TEXT NOT NULL,
  submission TEXT NOT NULL,
  revision INTEGER NOT NULL,
  status TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  comment TEXT,
  PRIMARY KEY (year, version, unit, template)
);

-- Last year's counted revisions the version's 上年 was computed from, with their sums.
CREATE TABLE publication_previous (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  unit TEXT NOT NULL,
  template TEXT NOT NULL,
  submission TEXT NOT NULL,
  revision INTEGER NOT NULL,
  sums TEXT NOT NULL,
  PRIMARY KEY (year, version, unit, template)
);

-- What a version changed against the one before: counted revision numbers before and after.
CREATE TABLE publication_changes (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  unit TEXT NOT NULL,
  template TEXT NOT NULL,
  from_revision INTEGER,
  to_revision INTEGER,
  PRIMARY KEY (year, version, unit, template)
);

-- 更正: one unit's templates reopened in a closed year.
CREATE TABLE corrections (
  id TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  unit TEXT NOT NULL,
  templates TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closing', 'closed')),
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  closed_at TEXT,
  version INTEGER
);
-- At most one correction not yet closed per unit and year.
CREATE UNIQUE INDEX corrections_one_open ON corrections (year, unit) WHERE status != 'closed';

-- Years closed before this migration become version 1 of themselves, frozen now as they stand.
-- (Each statement skips a year that already has a version, and the publication row comes last.)
INSERT INTO publication_roster (year, version, code, name, org, district, district_code, active)
SELECT p.year, 1, u.code, u.name, u.org, u.district, u.district_code, u.active
FROM periods p JOIN units u
WHERE p.status = 'closed' AND NOT EXISTS (SELECT 1 FROM publications x WHERE x.year = p.year)
  AND (u.active = 1 OR EXISTS (SELECT 1 FROM submissions s WHERE s.unit = u.code AND s.year = p.year));

INSERT INTO publication_entries (year, version, unit, template, submission, revision, status, submitted_at, comment)
SELECT s.year, 1, s.unit, s.template, s.id, s.revision, s.status, s.created_at,
  (SELECT r.comment FROM reviews r WHERE r.submission = s.id AND r.action = 'return' ORDER BY r.created_at DESC LIMIT 1)
FROM submissions s JOIN periods p ON p.year = s.year AND p.status = 'closed'
WHERE NOT EXISTS (SELECT 1 FROM publications x WHERE x.year = p.year)
  AND s.revision = (SELECT MAX(n.revision) FROM submissions n WHERE n.unit = s.unit AND n.year = s.year AND n.template = s.template);

-- 上年 of a migrated year: last year's counted revisions as they stand (their sums are filled when first read).
INSERT INTO publication_previous (year, version, unit, template, submission, revision, sums)
SELECT p.year, 1, s.unit, s.template, s.id, s.revision, COALESCE(s.sums, '')
FROM periods p JOIN submissions s ON s.year = p.year - 1
WHERE p.status = 'closed' AND NOT EXISTS (SELECT 1 FROM publications x WHERE x.year = p.year)
  AND s.status != 'returned'
  AND s.revision = (SELECT MAX(n.revision) FROM submissions n WHERE n.unit = s.unit AND n.year = s.year AND n.template = s.template);

INSERT INTO publications (year, version, published_at, checksum, reason, deadline, settings, previous_published, totals)
SELECT year, 1, updated_at, NULL, NULL, deadline, NULL, NULL, NULL FROM periods p
WHERE status = 'closed' AND NOT EXISTS (SELECT 1 FROM publications x WHERE x.year = p.year);
