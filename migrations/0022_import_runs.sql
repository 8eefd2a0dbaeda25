-- The journal of imports written in batches (services::import, "Bounded batches").
-- A run is recorded in the same transaction as its first batch, and its progress in
-- the same transaction as every later batch, so `units_done` always says exactly
-- how much of the file is in the shop. A run left 'publishing' (the import was
-- killed or stopped) is finished by importing the same file again: the import with
-- the same fingerprint skips the units already written.
CREATE TABLE import_runs (
    id          INTEGER PRIMARY KEY,
    -- items, customers, suppliers or sales
    kind        TEXT NOT NULL,
    -- SHA-256 (hex) of the kind, the options and the file's bytes
    fingerprint TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('publishing', 'done')),
    -- units are rows (items, customers, suppliers) or invoices (sales), in file order
    units_done  INTEGER NOT NULL,
    units_total INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- At most one unfinished run per file: two warungs importing the same file at once
-- cannot both start it.
CREATE UNIQUE INDEX import_runs_unfinished ON import_runs (fingerprint) WHERE state = 'publishing';
