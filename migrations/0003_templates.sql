-- User-edited templates (receipt, A4 invoice; messaging reuses it). A missing row
-- means the template shipped with warung is used.

CREATE TABLE templates (
    name       TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
