-- warung association hub, schema 2: the association's medians, for members to compare
-- themselves with — only when hub.settings 'share_benchmarks' is 'yes'. Members get
-- the medians over the member shops, never another shop's own figures.
CREATE FUNCTION hub.benchmarks(from_day date, to_day date)
RETURNS TABLE (shops bigint, median_net bigint, median_repeat_permille bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH per_shop AS (
        SELECT shop, SUM(net) AS net,
               CASE WHEN SUM(buyers) > 0 THEN SUM(returning_buyers) * 1000.0 / SUM(buyers) ELSE 0 END AS repeat
          FROM hub.shop_days
         WHERE day BETWEEN from_day AND to_day
         GROUP BY shop)
    SELECT COUNT(*),
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY net))::numeric)::bigint,
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY repeat))::numeric)::bigint
      FROM per_shop
     WHERE EXISTS (SELECT FROM hub.settings WHERE key = 'share_benchmarks' AND value = 'yes')
$$;
REVOKE ALL ON FUNCTION hub.benchmarks(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub.benchmarks(date, date) TO {shops}, {reader};
