-- Migration number: 0001 	 2026-11-28T00:00:00.000Z
-- The reporting units, who may act, the years, and every revision of every report.

CREATE TABLE units (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  org TEXT NOT NULL,
  district TEXT NOT NULL,
  district_code TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
);

-- Tokens are stored only as the SHA-256 of the secret; the id is public.
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'statistician', 'clerk')),
  unit TEXT REFERENCES units (code),
  label TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  CHECK ((role = 'clerk') = (unit IS NOT NULL))
);

CREATE TABLE periods (
  year INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  deadline TEXT,
  updated_at TEXT NOT NULL
);

-- One row per accepted upload. Content columns never change; only `status`
-- follows the reviews. `data` is the normalized form (money in hundredths)
-- that consolidation sums; `rows` is what the client sent.
CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  unit TEXT NOT NULL REFERENCES units (code),
  year INTEGER NOT NULL,
  template TEXT NOT NULL,
  revision INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
  checksum TEXT NOT NULL,
  rows TEXT NOT NULL,
  data TEXT NOT NULL,
  warnings TEXT NOT NULL,
  explanation TEXT,
  signoff TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (unit, year, template, revision)
);
CREATE INDEX submissions_year ON submissions (year, template, unit, revision);

CREATE TABLE reviews (
  id TEXT PRIMARY KEY,
  submission TEXT NOT NULL REFERENCES submissions (id),
  action TEXT NOT NULL CHECK (action IN ('accept', 'return')),
  comment TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX reviews_submission ON reviews (submission, created_at);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT,
  role TEXT,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  code TEXT,
  client TEXT
);

-- Failed authentications per client and minute, for the 429 limit.
CREATE TABLE auth_failures (
  client TEXT NOT NULL,
  minute INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (client, minute)
);
