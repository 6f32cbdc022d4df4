-- Migration number: 0008 	 2026-12-10T00:00:00.000Z
-- Whom to call about a unit's report (issue 20, 报送进度 and 催报名单): the roster's optional
-- 联系人 and 联系电话. Operational, not statistical: they are not frozen into published rosters
-- and not part of a year's archive.

ALTER TABLE units ADD COLUMN contact TEXT;
ALTER TABLE units ADD COLUMN phone TEXT;
