-- Migration number: 0007 	 2026-11-30T00:00:00.000Z
-- Targets and assessment (analysis.md, 目标管理考核): a year's targets, each an org type's or
-- one unit's, on one figure of one template; and each published version's targets, frozen with
-- its other inputs so that its 目标考核 never moves (docs/PUBLICATION.md).
-- `value` is an integer in the figure's own unit: money (万元) in hundredths, as sums are stored.

CREATE TABLE targets (
  year INTEGER NOT NULL,
  -- 'org': `owner` is an org type key (the city's target for every unit of that type);
  -- 'unit': `owner` is a unit code (overrides its org type's target for that figure).
  kind TEXT NOT NULL CHECK (kind IN ('org', 'unit')),
  owner TEXT NOT NULL,
  template TEXT NOT NULL,
  key TEXT NOT NULL,
  value INTEGER NOT NULL CHECK (value > 0),
  PRIMARY KEY (year, kind, owner, template, key)
);

CREATE TABLE publication_targets (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  owner TEXT NOT NULL,
  template TEXT NOT NULL,
  key TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (year, version, kind, owner, template, key)
);
