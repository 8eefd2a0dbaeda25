-- A return of a sale paid partly with member points gives that part back as points
-- (rows of point_moves): points_amount is the part of `amount` that went back as
-- points; amount − points_amount went back in cash or off the receivable.
ALTER TABLE sale_returns ADD COLUMN points_amount INTEGER NOT NULL DEFAULT 0
    CHECK (points_amount BETWEEN 0 AND amount);
