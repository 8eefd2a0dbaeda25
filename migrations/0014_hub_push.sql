-- What this shop has pushed to its association's hub (`warung hub push`).
-- One row per period the hub holds ('YYYY-MM-DD' a day's figures, 'YYYY-MM' a
-- month's retention) with a digest of what was sent, so a push sends only the
-- periods whose figures changed since.
CREATE TABLE hub_pushed (
    period    TEXT PRIMARY KEY,
    digest    TEXT NOT NULL,
    pushed_at INTEGER NOT NULL
) STRICT;

-- The last push: how far it went, and marks to find what changed after it
-- (sales and returns recorded later, even for past days, and sales voided later).
CREATE TABLE hub_push_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    through_day  TEXT,
    sale_mark    INTEGER NOT NULL DEFAULT 0,
    return_mark  INTEGER NOT NULL DEFAULT 0,
    pushed_at    INTEGER,
    attempted_at INTEGER,
    last_error   TEXT
) STRICT;

-- The association's medians and this shop's own figures over the same days, as
-- fetched with the last push (only while the association shares them).
CREATE TABLE hub_benchmark (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    from_day               TEXT NOT NULL,
    to_day                 TEXT NOT NULL,
    shops                  INTEGER NOT NULL,
    median_net             INTEGER NOT NULL,
    median_repeat_permille INTEGER NOT NULL,
    own_net                INTEGER NOT NULL,
    own_repeat_permille    INTEGER NOT NULL
) STRICT;
