-- Editions of the report system (editions.md): a year's edition is recorded
-- when its period is first created and never changes. Years created before
-- editions existed were reported under the 2024 edition.
ALTER TABLE periods ADD COLUMN edition TEXT NOT NULL DEFAULT '2024' CHECK (edition IN ('2024', '2026'));
