#!/usr/bin/env bash
# Reports through the binary on the scale shop, each beside the same-run sqlite3
# peer (the equivalent query on the same file), whole processes, median of RUNS.
#
#   cargo run --release --example scale_shop -- /tmp/scale.db --today 2026-11-23
#   cargo build --release --bin warung
#   benches/summaries.sh /tmp/scale.db [target/release/warung]
#
# The year is 2025-11-24 to 2026-11-23 (shop-local, Asia/Jakarta); A and B are its
# bounds in UTC ms. Output: one line per report with warung's and sqlite3's wall time
# and CPU time (user + system) in ms, medians of RUNS. On a shared machine the wall
# time swings with the load; the CPU time much less.
set -euo pipefail
DB=${1:?usage: summaries.sh SCALE_DB [WARUNG]}
WARUNG=${2:-target/release/warung}
RUNS=${RUNS:-3}
FROM=2025-11-24
TO=2026-11-23
A=1763917200000
B=1795453200000
LOCAL="'unixepoch', '+7 hours'"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { # command... → "wall cpu": median ms over RUNS
    : >/tmp/summaries-bench.runs
    for _ in $(seq "$RUNS"); do
        local start=$EPOCHREALTIME
        /usr/bin/time -f "%U %S" "$@" >/dev/null 2>/tmp/summaries-bench.time || { cat /tmp/summaries-bench.time; exit 1; }
        local end=$EPOCHREALTIME
        echo "$start $end $(tail -1 /tmp/summaries-bench.time)" >>/tmp/summaries-bench.runs
    done
    echo "$(awk '{printf "%d\n", ($2 - $1) * 1000}' /tmp/summaries-bench.runs | median)" \
        "$(awk '{printf "%d\n", ($3 + $4) * 1000}' /tmp/summaries-bench.runs | median)"
}
report() { timed env WARUNG_DB="$DB" LANG=C "$WARUNG" report "$@" --from $FROM --to $TO; }
peer() { timed sqlite3 -readonly "$DB" "$1"; }
row() { # name "wall cpu" "wall cpu"
    read -r ww wc <<<"$2"
    read -r sw sc <<<"$3"
    printf '%-34s %7s %7s   %7s %7s\n' "$1" "$ww" "$wc" "$sw" "$sc"
}

printf '%-34s %15s   %15s\n' "" "warung ms" "sqlite3 ms"
row "what" "wall cpu" "wall cpu"
LEDGER="FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE s.status = 'completed' AND s.at >= $A AND s.at < $B"
for g in day week month; do
    case $g in day) f='%Y-%m-%d' ;; week) f='%Y-%W' ;; month) f='%Y-%m' ;; esac
    row "sales-summary --group-by $g" "$(report sales-summary --group-by $g)" \
        "$(peer "SELECT strftime('$f', s.at / 1000, $LOCAL) p, COUNT(DISTINCT s.id), SUM(l.qty), SUM(l.line_total), SUM(l.qty * l.unit_cost / 1000) $LEDGER GROUP BY p")"
done
row "best-sellers" "$(report best-sellers)" \
    "$(peer "SELECT l.item_id, SUM(l.qty) q, SUM(l.line_total) $LEDGER GROUP BY l.item_id ORDER BY q DESC LIMIT 20")"
row "cashier-performance" "$(report cashier-performance)" \
    "$(peer "SELECT s.user_id, COUNT(DISTINCT s.id), SUM(l.qty), SUM(l.line_total) $LEDGER GROUP BY s.user_id")"
row "customers" "$(report customers)" \
    "$(peer "SELECT c.code, c.name, COUNT(s.id), SUM(s.subtotal - s.discount), MIN(s.at), MAX(s.at) FROM customers c LEFT JOIN sales s ON s.customer_id = c.id AND s.status = 'completed' AND s.at < $B GROUP BY c.id ORDER BY c.code")"
row "peak-times" "$(report peak-times)" \
    "$(peer "SELECT strftime('%w %H', at / 1000, $LOCAL) k, COUNT(*), SUM(subtotal - discount) FROM sales WHERE status = 'completed' AND at >= $A AND at < $B GROUP BY k")"
for r in customer-health retention health; do
    row "$r" "$(report $r)" \
        "$(peer "SELECT strftime('%Y-%m', at / 1000, $LOCAL) m, COUNT(DISTINCT customer_id), COUNT(*), SUM(subtotal - discount) FROM sales WHERE status = 'completed' AND at < $B GROUP BY m")"
done
row "stock-movement" "$(report stock-movement)" \
    "$(peer "SELECT i.sku, SUM(CASE WHEN m.at < $A THEN m.qty END), SUM(CASE WHEN m.at >= $A AND m.kind = 'sale' THEN m.qty END), SUM(CASE WHEN m.at >= $A AND m.kind <> 'sale' THEN m.qty END), SUM(m.qty) FROM items i LEFT JOIN stock_moves m ON m.item_id = i.id AND m.at < $B GROUP BY i.id ORDER BY i.sku")"
row "campaigns" "$(report campaigns)" \
    "$(peer "SELECT r.campaign_id, COUNT(DISTINCT r.customer_id), COUNT(s.id), SUM(s.subtotal - s.discount) FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id LEFT JOIN outbox o ON o.id = r.outbox_id LEFT JOIN sales s ON s.customer_id = r.customer_id AND s.status = 'completed' AND s.at >= COALESCE(o.sent_at, c.sent_at) AND s.at < COALESCE(o.sent_at, c.sent_at) + 7 * 86400000 WHERE c.sent_at >= $A AND c.sent_at < $B GROUP BY r.campaign_id")"
row "segment (end to end)" "$(timed env WARUNG_DB="$DB" LANG=C "$WARUNG" segment --as-of $TO)" \
    "$(peer "SELECT customer_id, COUNT(*), SUM(subtotal - discount), MAX(at) FROM sales WHERE status = 'completed' AND customer_id IS NOT NULL AND at < $B GROUP BY customer_id")"
sed "s/:from/$A/g; s/:to/$B/g" benches/sql/report_sales_lines.sql >/tmp/summaries-bench.sql
row "sales-lines (CSV, the year)" "$(report sales-lines)" "$(timed sqlite3 -readonly -csv -header "$DB" ".read /tmp/summaries-bench.sql")"
row "  sqlite3 -csv select * sale_lines" "- -" "$(timed sqlite3 -readonly -csv "$DB" "SELECT * FROM sale_lines")"
