-- Wrong manager PINs at the till count against every approver who could have been
-- meant; after a few, that approver's PIN waits (longer each time) before it is tried.
ALTER TABLE users ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN pin_locked_until INTEGER;

-- Imports check every row on a read snapshot, then write under the lock only if
-- nothing they checked against changed in between. These counters say whether it
-- did: any change to the master data of a kind bumps its counter. (Stock on hand
-- is left out: every sale changes it, and an import writes no stock of an existing item.)
CREATE TABLE import_guard (
    kind    TEXT PRIMARY KEY,
    changes INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
INSERT INTO import_guard (kind) VALUES ('items'), ('customers'), ('suppliers');

CREATE TRIGGER import_guard_items_insert AFTER INSERT ON items
BEGIN UPDATE import_guard SET changes = changes + 1 WHERE kind = 'items'; END;
CREATE TRIGGER import_guard_items_update AFTER UPDATE OF sku, name, category_id, unit_id, cost, price_retail,
    price_wholesale1, min_qty_wholesale1, price_wholesale2, min_qty_wholesale2, reorder_level, active ON items
BEGIN UPDATE import_guard SET changes = changes + 1 WHERE kind = 'items'; END;
CREATE TRIGGER import_guard_barcodes_insert AFTER INSERT ON item_barcodes
BEGIN UPDATE import_guard SET changes = changes + 1 WHERE kind = 'items'; END;
CREATE TRIGGER import_guard_barcodes_update AFTER UPDATE ON item_barcodes
BEGIN UPDATE import_guard SET changes = changes + 1 WHERE kind = 'items'; END;
CREATE TRIGGER import_guard_barcodes_delete AFTER DELETE ON item_barcodes
BEGIN UPDATE import_guard SET changes = changes + 1 WHERE kind = 'items'; END;
CREATE TRIGGER import_guard_customers_insert AFTER INSERT ON customers
BEGIN UPDATE import_guard SET changes = changes + 1 WHERE kind = 'customers'; END;
CREATE TRIGGER import_guard_customers_update AFTER UPDATE ON customers
BEGIN UPDATE import_guard SET changes = changes + 1 WHERE kind = 'customers'; END;
CREATE TRIGGER import_guard_suppliers_insert AFTER INSERT ON suppliers
BEGIN UPDATE import_guard SET changes = changes + 1 WHERE kind = 'suppliers'; END;
CREATE TRIGGER import_guard_suppliers_update AFTER UPDATE ON suppliers
BEGIN UPDATE import_guard SET changes = changes + 1 WHERE kind = 'suppliers'; END;
