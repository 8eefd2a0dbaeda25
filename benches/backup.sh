#!/usr/bin/env bash
# `warung backup` against its peer `sqlite3 .backup` of the same file, whole processes,
# alternating, a fresh destination each run (issue 14's budget: ≤ 3 × the peer).
#
#   cargo run --release --example scale_shop -- /tmp/scale.db --today 2026-11-23
#   cargo build --release --bin warung
#   RUNS=3 benches/backup.sh /tmp/scale.db [target/release/warung]
#
# Output: one line per run, wall and CPU (user + system) seconds of each, and the
# ratio of the walls. Where the time goes inside warung's backup: benches/backup.rs.
set -euo pipefail
DB=${1:?usage: backup.sh SCALE_DB [WARUNG]}
WARUNG=${2:-target/release/warung}
RUNS=${RUNS:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

timed() { # command... → "wall cpu" in seconds
    local start=$EPOCHREALTIME
    /usr/bin/time -f "%U %S" "$@" >/dev/null 2>"$OUT/time" || { cat "$OUT/time"; exit 1; }
    local end=$EPOCHREALTIME
    read -r user sys < <(tail -1 "$OUT/time")
    awk -v s="$start" -v e="$end" -v u="$user" -v y="$sys" 'BEGIN { printf "%.2f %.2f\n", e - s, u + y }'
}

printf '%-4s %18s %18s %7s\n' run "warung wall/cpu s" "sqlite3 wall/cpu s" ratio
for run in $(seq "$RUNS"); do
    rm -f "$OUT"/*.db
    read -r ww wc < <(timed env WARUNG_DB="$DB" LANG=C "$WARUNG" backup "$OUT/warung.db")
    read -r sw sc < <(timed sqlite3 "$DB" ".backup $OUT/sqlite3.db")
    printf '%-4s %18s %18s %7s\n' "$run" "$ww / $wc" "$sw / $sc" "$(awk -v a="$ww" -v b="$sw" 'BEGIN { printf "%.1f", a / b }')"
done
