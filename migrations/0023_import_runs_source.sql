-- The import journal names the file of a run (as given on the command line) and the
-- options that change what it writes, so `warung doctor` can say the command that
-- finishes a run left unfinished; and such a run may be given up ('abandoned': what
-- it wrote stays, the rest of its file is not written).
CREATE TABLE import_runs_0023 (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('publishing', 'done', 'abandoned')),
    units_done  INTEGER NOT NULL,
    units_total INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    -- the file as named on the command line ('' when not imported from one)
    source      TEXT NOT NULL DEFAULT '',
    -- the command-line options that change what is written, e.g. '--affect-stock'
    flags       TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO import_runs_0023 (id, kind, fingerprint, state, units_done, units_total, started_at, updated_at)
    SELECT id, kind, fingerprint, state, units_done, units_total, started_at, updated_at FROM import_runs;
DROP TABLE import_runs;
ALTER TABLE import_runs_0023 RENAME TO import_runs;
CREATE UNIQUE INDEX import_runs_unfinished ON import_runs (fingerprint) WHERE state = 'publishing';
