-- Wrong manager PINs at the till count against every approver who could have been
-- meant; after a few, that approver's PIN waits (longer each time) before it is tried.
ALTER TABLE users ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN pin_locked_until INTEGER;
