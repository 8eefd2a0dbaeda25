-- Three sent campaigns to every customer of a shop, for measuring the campaigns
-- report (the scale shop has none) and for its equality test (tests/report_equality.rs):
--
--   sqlite3 /tmp/campaign-scale.db < benches/sql/add_campaigns.sql
--
-- They go 100, 60 and 20 days before the shop's last sale; a fifth of each audience is
-- held out. A messaged customer's message is handed to the provider up to two days
-- after the campaign, at any second (so attribution windows cut days anywhere); the
-- statuses and reported costs vary, and one message in seven was never sent.
CREATE TEMP TABLE bench_campaigns AS
WITH RECURSIVE n(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM n WHERE n < 3)
SELECT n, (SELECT MAX(at) FROM sales) - (140 - 40 * n) * 86400000 + n * 3600000 AS sent_at FROM n;

INSERT INTO campaigns (name, template, segment, holdout_bp, created_at, sent_at)
SELECT 'Bench campaign ' || n, 'promo', NULL, 2000, sent_at, sent_at FROM bench_campaigns ORDER BY n;

INSERT INTO outbox (created_at, kind, phone, customer_id, template, body, dedupe_key, status,
                    next_attempt_at, updated_at, sent_at, cost)
SELECT b.sent_at, 'campaign', COALESCE(k.phone, '6280000000000'), k.id, 'promo', 'Promo',
       'bench:' || b.n || ':' || k.id,
       CASE k.id % 7 WHEN 0 THEN 'pending' WHEN 1 THEN 'sent' WHEN 2 THEN 'delivered' WHEN 3 THEN 'read'
                     WHEN 4 THEN 'failed' WHEN 5 THEN 'skipped' ELSE 'held' END,
       b.sent_at, b.sent_at,
       CASE WHEN k.id % 7 = 0 THEN NULL ELSE b.sent_at + (k.id * 7919 + b.n * 104729) % 172800 * 1000 END,
       CASE k.id % 3 WHEN 0 THEN NULL WHEN 1 THEN 670 ELSE 0 END
  FROM bench_campaigns b CROSS JOIN customers k
 WHERE (k.id + b.n) % 5 <> 0;

INSERT INTO campaign_recipients (campaign_id, customer_id, holdout, outbox_id)
SELECT c.id, k.id, (k.id + b.n) % 5 = 0, o.id
  FROM bench_campaigns b
  JOIN campaigns c ON c.name = 'Bench campaign ' || b.n
 CROSS JOIN customers k
  LEFT JOIN outbox o ON o.dedupe_key = 'bench:' || b.n || ':' || k.id;

DROP TABLE bench_campaigns;
