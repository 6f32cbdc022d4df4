-- Migration number: 0005 	 2026-11-29T00:00:00.000Z
-- Areas (areas.md): the city → 区县 → 乡镇（街道） tree. Every unit belongs to one area; a
-- statistician's token may be bound to one (its subtree is all it sees). `units.district` stays,
-- kept by the worker as the name of the unit's level-1 area (市本级 for the root).

CREATE TABLE areas (
  code TEXT PRIMARY KEY,
  -- The root's name is the deployment setting CITY, read when it is shown.
  name TEXT NOT NULL,
  parent TEXT REFERENCES areas (code),
  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 5),
  district_code TEXT,
  created_at TEXT NOT NULL,
  CHECK ((parent IS NULL) = (level = 0))
);
-- Sibling areas have distinct names.
CREATE UNIQUE INDEX areas_sibling_name ON areas (COALESCE(parent, ''), name);

INSERT INTO areas (code, name, parent, level, district_code, created_at) VALUES ('CITY', '', NULL, 0, NULL, '2026-11-29T00:00:00.000Z');

ALTER TABLE units ADD COLUMN area TEXT REFERENCES areas (code);
ALTER TABLE tokens ADD COLUMN area TEXT REFERENCES areas (code);

-- Each district named by units becomes a level-1 area: coded by a unit's 行政区划代码 where one is
-- given, else D and a sequence number.
INSERT INTO areas (code, name, parent, level, district_code, created_at)
SELECT COALESCE(MIN(district_code), 'D' || printf('%04d', ROW_NUMBER() OVER (ORDER BY district))), district, 'CITY', 1, MIN(district_code), '2026-11-29T00:00:00.000Z'
FROM units WHERE district != '市本级' GROUP BY district;

UPDATE units SET area = COALESCE((SELECT a.code FROM areas a WHERE a.parent = 'CITY' AND a.name = units.district), 'CITY');

-- Published versions keep their units' areas and the tree as it was (a closed year's areas are
-- those of its frozen roster). Versions published before this migration take today's.
ALTER TABLE publication_roster ADD COLUMN area TEXT;
UPDATE publication_roster SET area = (SELECT u.area FROM units u WHERE u.code = publication_roster.code) WHERE area IS NULL;

CREATE TABLE publication_areas (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  parent TEXT,
  level INTEGER NOT NULL,
  district_code TEXT,
  PRIMARY KEY (year, version, code)
);
INSERT INTO publication_areas (year, version, code, name, parent, level, district_code)
SELECT p.year, p.version, a.code, a.name, a.parent, a.level, a.district_code FROM publications p JOIN areas a
WHERE NOT EXISTS (SELECT 1 FROM publication_areas x WHERE x.year = p.year AND x.version = p.version);
