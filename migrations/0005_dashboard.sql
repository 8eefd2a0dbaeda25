-- The Dashboard's low-stock count: active items with a reorder level, by how far
-- their stock is above it, so counting those at or below it reads only them instead
-- of every item (100k on a big shop).
CREATE INDEX items_below_reorder ON items (on_hand - reorder_level) WHERE active = 1 AND reorder_level > 0;
