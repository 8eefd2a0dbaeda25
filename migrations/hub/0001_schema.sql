-- warung association hub, schema 1: member shops and their daily figures.
--
-- Every table that holds a shop's rows leads with `shop`, and each of its keys
-- includes `shop`, so Citus can distribute it on that column unchanged
--   SELECT create_reference_table('hub.shops');
--   SELECT create_distributed_table('hub.shop_days', 'shop');  -- and the other shop_* tables
-- Money is whole rupiah; quantities are thousandths (`*_milli`); days are the shop's own.
-- {shops} and {reader} are the hub's group roles (named after the database).

CREATE TABLE hub.shops (
    shop      text PRIMARY KEY CHECK (shop ~ '^[a-z0-9][a-z0-9_]{0,31}$'),
    name      text NOT NULL,
    role      name NOT NULL UNIQUE,
    joined_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hub.shop_days (
    shop               text NOT NULL REFERENCES hub.shops (shop),
    day                date NOT NULL,
    transactions       bigint NOT NULL,
    items_milli        bigint NOT NULL,
    gross              bigint NOT NULL,
    discount           bigint NOT NULL,
    net                bigint NOT NULL,
    cost               bigint NOT NULL,
    buyers             bigint NOT NULL,
    new_buyers         bigint NOT NULL,
    returning_buyers   bigint NOT NULL,
    receivables        bigint NOT NULL,
    attributed_revenue bigint NOT NULL,
    pushed_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop, day)
);
CREATE INDEX shop_days_day ON hub.shop_days (day);

CREATE TABLE hub.shop_day_messages (
    shop     text NOT NULL REFERENCES hub.shops (shop),
    day      date NOT NULL,
    kind     text NOT NULL,
    messages bigint NOT NULL,
    cost     bigint NOT NULL,
    PRIMARY KEY (shop, day, kind)
);

CREATE TABLE hub.shop_day_categories (
    shop      text NOT NULL REFERENCES hub.shops (shop),
    day       date NOT NULL,
    category  text NOT NULL,
    qty_milli bigint NOT NULL,
    net       bigint NOT NULL,
    PRIMARY KEY (shop, day, category)
);

CREATE TABLE hub.shop_months (
    shop             text NOT NULL REFERENCES hub.shops (shop),
    month            date NOT NULL,
    customers_before bigint NOT NULL,
    retained         bigint NOT NULL,
    PRIMARY KEY (shop, month)
);

-- The association's choices; members may read them.
CREATE TABLE hub.settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO hub.settings (key, value) VALUES ('share_benchmarks', 'no');

-- Row-level security keyed on the role: a member shop's login role (in {shops})
-- reads and writes only the rows of the shop whose `role` it is; {reader} reads all.
ALTER TABLE hub.shops ENABLE ROW LEVEL SECURITY;
CREATE POLICY member ON hub.shops FOR SELECT TO {shops} USING (role = current_user);
CREATE POLICY reader ON hub.shops FOR SELECT TO {reader} USING (true);

ALTER TABLE hub.shop_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY member ON hub.shop_days TO {shops}
    USING (shop IN (SELECT s.shop FROM hub.shops s WHERE s.role = current_user))
    WITH CHECK (shop IN (SELECT s.shop FROM hub.shops s WHERE s.role = current_user));
CREATE POLICY reader ON hub.shop_days FOR SELECT TO {reader} USING (true);

ALTER TABLE hub.shop_day_messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY member ON hub.shop_day_messages TO {shops}
    USING (shop IN (SELECT s.shop FROM hub.shops s WHERE s.role = current_user))
    WITH CHECK (shop IN (SELECT s.shop FROM hub.shops s WHERE s.role = current_user));
CREATE POLICY reader ON hub.shop_day_messages FOR SELECT TO {reader} USING (true);

ALTER TABLE hub.shop_day_categories ENABLE ROW LEVEL SECURITY;
CREATE POLICY member ON hub.shop_day_categories TO {shops}
    USING (shop IN (SELECT s.shop FROM hub.shops s WHERE s.role = current_user))
    WITH CHECK (shop IN (SELECT s.shop FROM hub.shops s WHERE s.role = current_user));
CREATE POLICY reader ON hub.shop_day_categories FOR SELECT TO {reader} USING (true);

ALTER TABLE hub.shop_months ENABLE ROW LEVEL SECURITY;
CREATE POLICY member ON hub.shop_months TO {shops}
    USING (shop IN (SELECT s.shop FROM hub.shops s WHERE s.role = current_user))
    WITH CHECK (shop IN (SELECT s.shop FROM hub.shops s WHERE s.role = current_user));
CREATE POLICY reader ON hub.shop_months FOR SELECT TO {reader} USING (true);

GRANT USAGE ON SCHEMA hub TO {shops}, {reader};
GRANT SELECT ON hub.shops, hub.settings TO {shops};
GRANT SELECT, INSERT, UPDATE ON hub.shop_days, hub.shop_day_messages, hub.shop_day_categories, hub.shop_months
    TO {shops};
GRANT SELECT ON ALL TABLES IN SCHEMA hub TO {reader};
