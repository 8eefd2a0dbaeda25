-- Summaries of the sales ledger, so reports read days instead of sale lines. They
-- are written in the same transaction as every sale, return and void (the one sale
-- writer, services::summaries) and proved equal to the ledger by `warung doctor`.
--
-- `day` is the shop-local calendar day as a number, 20261123, in the time zone of
-- `summary_state.timezone`. Every figure is the sum over that day's ledger lines of
-- the figures defined in reports::ledger (returns negative, voided sales absent);
-- money in rupiah, quantities in thousandths.

-- One row. Ledger documents before `built_until` (UTC ms) are in the summaries; those
-- at or after it are still to be added by the build that a migration or
-- `doctor --repair-summaries` started (it resumes where it stopped; the largest
-- integer means complete).
CREATE TABLE summary_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    timezone    TEXT NOT NULL,
    built_until INTEGER NOT NULL
) STRICT;
INSERT INTO summary_state (id, timezone, built_until)
VALUES (1,
        COALESCE((SELECT value FROM settings WHERE key = 'store.timezone'), 'Asia/Jakarta'),
        CASE WHEN EXISTS (SELECT 1 FROM sales) THEN 0 ELSE 9223372036854775807 END);

-- Per day: the sales-summary figures.
CREATE TABLE sales_by_day (
    day            INTEGER PRIMARY KEY,
    -- completed sales, and returns
    transactions   INTEGER NOT NULL,
    returns        INTEGER NOT NULL,
    items          INTEGER NOT NULL,
    gross          INTEGER NOT NULL,
    discount       INTEGER NOT NULL,
    net            INTEGER NOT NULL,
    tax            INTEGER NOT NULL,
    cost           INTEGER NOT NULL,
    -- net of the sales alone, net taken back by returns (positive), sales' discounts
    sales_net      INTEGER NOT NULL,
    returns_net    INTEGER NOT NULL,
    sales_discount INTEGER NOT NULL
) STRICT;

-- Per day and item: best-sellers and the Dashboard's top products.
CREATE TABLE sales_by_day_item (
    day     INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    qty     INTEGER NOT NULL,
    -- line totals after line discounts (returns: minus the returned part)
    value   INTEGER NOT NULL,
    net     INTEGER NOT NULL,
    -- completed sales that had the item
    orders  INTEGER NOT NULL,
    PRIMARY KEY (day, item_id)
) STRICT, WITHOUT ROWID;

-- Per month (202611) and item: the same figures, so a range's whole months read one
-- row per item each instead of one per day (best-sellers over a year).
CREATE TABLE sales_by_month_item (
    month   INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    qty     INTEGER NOT NULL,
    value   INTEGER NOT NULL,
    net     INTEGER NOT NULL,
    orders  INTEGER NOT NULL,
    PRIMARY KEY (month, item_id)
) STRICT, WITHOUT ROWID;

-- Per customer and day: the customers report, first and last purchase, segments.
CREATE TABLE sales_by_customer_day (
    customer_id  INTEGER NOT NULL,
    day          INTEGER NOT NULL,
    transactions INTEGER NOT NULL,
    returns      INTEGER NOT NULL,
    net          INTEGER NOT NULL,
    PRIMARY KEY (customer_id, day)
) STRICT, WITHOUT ROWID;

-- Per day and shop-local hour (0-23): completed sales and their net (subtotal less
-- the whole-sale discount), for peak times.
CREATE TABLE sales_by_day_hour (
    day   INTEGER NOT NULL,
    hour  INTEGER NOT NULL,
    sales INTEGER NOT NULL,
    net   INTEGER NOT NULL,
    PRIMARY KEY (day, hour)
) STRICT, WITHOUT ROWID;

-- Per day and user (0: no user): cashier performance, voids at the voided sale's day.
CREATE TABLE sales_by_day_user (
    day            INTEGER NOT NULL,
    user_id        INTEGER NOT NULL,
    transactions   INTEGER NOT NULL,
    returns        INTEGER NOT NULL,
    items          INTEGER NOT NULL,
    net            INTEGER NOT NULL,
    sales_net      INTEGER NOT NULL,
    returns_net    INTEGER NOT NULL,
    sales_discount INTEGER NOT NULL,
    voids          INTEGER NOT NULL,
    voided         INTEGER NOT NULL,
    PRIMARY KEY (day, user_id)
) STRICT, WITHOUT ROWID;
