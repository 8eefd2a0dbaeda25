-- sqlite3 producing the rows of `warung report sales-lines` (CSV) for a shop in
-- Asia/Jakarta (UTC+7, no daylight saving): the same columns, formatted the same way
-- (times, decimal quantities, cost rounded per line, whole-sale discount shared over
-- the lines by running totals). Returns are approximated (the scale shop has none).
-- benches/reports.rs splices in :from and :to (epoch ms).
WITH lines AS (
    SELECT 0 AS kind, s.id AS doc, s.invoice AS invoice, s.at AS at,
           COALESCE(NULLIF(u.full_name, ''), u.username) AS cashier, c.code AS customer_code, c.name AS customer_name,
           i.sku AS sku, i.name AS item, l.line_no AS line_no, l.qty AS qty, l.unit_price AS unit_price, l.tier AS tier,
           l.discount AS discount, l.line_total AS line_total, (l.qty * l.unit_cost + 500) / 1000 AS cost,
           cat.name AS category,
           COALESCE((s.discount * SUM(l.line_total) OVER w + s.subtotal / 2) / NULLIF(s.subtotal, 0)
                  - (s.discount * (SUM(l.line_total) OVER w - l.line_total) + s.subtotal / 2) / NULLIF(s.subtotal, 0), 0)
               AS sale_discount
      FROM sales s
      JOIN sale_lines l ON l.sale_id = s.id
      JOIN items i ON i.id = l.item_id
      LEFT JOIN categories cat ON cat.id = i.category_id
      LEFT JOIN users u ON u.id = s.user_id
      LEFT JOIN customers c ON c.id = s.customer_id
     WHERE s.at >= :from AND s.at < :to AND s.status = 'completed'
    WINDOW w AS (PARTITION BY s.id ORDER BY l.line_no ROWS UNBOUNDED PRECEDING)
    UNION ALL
    SELECT 1, r.id, r.number, r.at, COALESCE(NULLIF(u.full_name, ''), u.username), c.code, c.name,
           i.sku, i.name, rl.line_no, -rl.qty, l.unit_price, l.tier,
           -((l.discount * rl.qty + l.qty / 2) / l.qty), -rl.line_total, -((rl.qty * rl.unit_cost + 500) / 1000),
           cat.name, -(r.lines_total - r.amount) * rl.line_total / NULLIF(r.lines_total, 0)
      FROM sale_returns r
      JOIN sale_return_lines rl ON rl.return_id = r.id
      JOIN sale_lines l ON l.id = rl.sale_line_id
      JOIN sales s ON s.id = r.sale_id
      JOIN items i ON i.id = rl.item_id
      LEFT JOIN categories cat ON cat.id = i.category_id
      LEFT JOIN users u ON u.id = r.user_id
      LEFT JOIN customers c ON c.id = s.customer_id
     WHERE r.at >= :from AND r.at < :to
)
SELECT invoice, strftime('%Y-%m-%d %H:%M:%S', at / 1000, 'unixepoch', '+7 hours') AS time, cashier,
       customer_code, customer_name, sku, item,
       CASE WHEN qty % 1000 = 0 THEN qty / 1000
            ELSE (CASE WHEN qty < 0 THEN '-' ELSE '' END)
                 || rtrim(printf('%d.%03d', abs(qty) / 1000, abs(qty) % 1000), '0') END AS qty,
       unit_price, tier, discount, line_total, cost,
       CASE kind WHEN 0 THEN 'sale' ELSE 'return' END AS kind, category, sale_discount,
       line_total - sale_discount AS net
  FROM lines
 ORDER BY at, kind, doc, line_no;
