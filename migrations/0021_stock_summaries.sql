-- Stock moves summarised per month and item, so stock-movement over a year reads
-- months instead of every move. Kept by the one stock writer (`store::stock::record`)
-- in the same transaction as each move, built and checked with the sales summaries
-- (same `summary_state`: its time zone decides the month, `built_until` the moves
-- still to add). Quantities in thousandths, signed as in `stock_moves`.
CREATE TABLE stock_by_month_item (
    month       INTEGER NOT NULL,
    item_id     INTEGER NOT NULL,
    -- kinds purchase and purchase_return
    purchases   INTEGER NOT NULL,
    -- kind sale (negative)
    sales       INTEGER NOT NULL,
    -- kinds sale_return and void
    returns     INTEGER NOT NULL,
    -- kinds adjustment and opening
    adjustments INTEGER NOT NULL,
    -- kind count
    counts      INTEGER NOT NULL,
    PRIMARY KEY (month, item_id)
) STRICT, WITHOUT ROWID;

-- The days at a range's ends are read from the ledger by time.
CREATE INDEX stock_moves_at ON stock_moves (at);

-- Every summary is built again on the next open (with progress, resumable), now
-- with the stock moves; a shop with only opening stock has something to build too.
DELETE FROM sales_by_day;
DELETE FROM sales_by_day_item;
DELETE FROM sales_by_month_item;
DELETE FROM sales_by_customer_day;
DELETE FROM sales_by_day_hour;
DELETE FROM sales_by_day_user;
UPDATE summary_state
   SET built_until = CASE WHEN EXISTS (SELECT 1 FROM sales) OR EXISTS (SELECT 1 FROM stock_moves)
                          THEN 0 ELSE 9223372036854775807 END
 WHERE id = 1;
