#!/usr/bin/env bash
# `warung report sales-lines` (CSV, the year) against its peer `sqlite3 -csv
# 'SELECT * FROM sale_lines'` on the same file, whole processes, alternating, output
# to /dev/null (issue 14's budget: ≤ 2.5 × the peer). With a second binary (say the
# build before a change) it runs that too, in the same loop.
#
#   cargo run --release --example scale_shop -- /tmp/scale.db --today 2026-11-23
#   cargo build --release --bin warung
#   RUNS=5 benches/sales_lines.sh /tmp/scale.db [target/release/warung [OTHER_WARUNG]]
#
# Output: one line per run, wall / CPU (user + system) ms of each, and the ratio of
# warung's wall time to the peer's. The same rows formatted the same way by sqlite3
# (benches/sql/report_sales_lines.sql) are in benches/summaries.sh.
set -euo pipefail
DB=${1:?usage: sales_lines.sh SCALE_DB [WARUNG [OTHER_WARUNG]]}
WARUNG=${2:-target/release/warung}
OTHER=${3:-}
RUNS=${RUNS:-5}
TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT

timed() { # command... → "wall cpu" in ms
    local start=$EPOCHREALTIME
    /usr/bin/time -f "%U %S" "$@" >/dev/null 2>"$TIMES" || { cat "$TIMES"; exit 1; }
    local end=$EPOCHREALTIME
    read -r user sys < <(tail -1 "$TIMES")
    awk -v s="$start" -v e="$end" -v u="$user" -v y="$sys" 'BEGIN { printf "%d %d\n", (e - s) * 1000, (u + y) * 1000 }'
}
report() { timed env WARUNG_DB="$DB" LANG=C "$1" report sales-lines --from 2025-11-24 --to 2026-11-23; }

printf '%-4s %6s %16s %16s %6s %16s\n' run load "sqlite3 wall/cpu" "warung wall/cpu" ratio "other wall/cpu"
for run in $(seq "$RUNS"); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    read -r sw sc < <(timed sqlite3 -readonly -csv "$DB" "SELECT * FROM sale_lines")
    read -r ww wc < <(report "$WARUNG")
    other=-
    if [ -n "$OTHER" ]; then
        read -r ow oc < <(report "$OTHER")
        other="$ow / $oc"
    fi
    printf '%-4s %6s %16s %16s %6s %16s\n' "$run" "$load" "$sw / $sc" "$ww / $wc" \
        "$(awk -v a="$ww" -v b="$sw" 'BEGIN { printf "%.2f", a / b }')" "$other"
done
