#!/usr/bin/env bash
# Cleanup benchmark: a database of BENCH_ROWS requests (default 1,000,000) of which BENCH_EXPIRED (100,000) are
# completed past their retention with their files on disk, plus BENCH_RECENT (50,000) completed within retention
# with their files; one `bin/dsar cleanup` is timed. Prints the cycle time, rows/s and the heap seen by the GC.
# See README.md next to this script. Needs psql, python3 and PostgreSQL reachable as BENCH_PG.
set -euo pipefail

# 1. and 2.: the database and the files.
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"

# 3. One cycle, as an operator runs it, with a small heap and a GC log.
before_rows="$(psql_bench -c "SELECT count(*) FROM dsar_requests WHERE status = 'completed'")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/summary.txt"
started=$(date +%s%N)
DSAR_DATABASE_URL="$pg/$database" EXPORT_STORAGE_PATH="$directory" DSAR_INSTANCE_ID=bench \
  JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$out/gc.log -Dlogback.configurationFile=$here/logback-bench.xml" \
  "$repository/bin/dsar" cleanup >"$out/cleanup.out" 2>"$out/cleanup.err"
finished=$(date +%s%N)

# 4. What happened.
cat "$out/cleanup.out"
grep -o 'expired exports done in [0-9]* ms\|export directory done in [0-9]* ms' "$out/cleanup.err" || true
checked="$(sed -n 's/^DSAR cleanup: checked=\([0-9]*\),.*/\1/p' "$out/cleanup.out")"
deleted="$(sed -n 's/.*files_deleted=\([0-9]*\),.*/\1/p' "$out/cleanup.out" | head -1)"
cycle_ms="$(sed -n 's/.*duration_ms=\([0-9]*\).*/\1/p' "$out/cleanup.out" | head -1)"
expired_ms="$(sed -n 's/.*expired exports done in \([0-9]*\) ms.*/\1/p' "$out/cleanup.err")"
files_left="$(find "$directory" -maxdepth 1 -name 'dsar_*' | wc -l)"
after_rows="$(psql_bench -c "SELECT count(*) FROM dsar_requests WHERE status = 'completed'")"
peak_before_gc="$(grep -o '[0-9]*M->[0-9]*M' "$out/gc.log" | sed 's/M->.*//' | sort -n | tail -1)"
peak_after_gc="$(grep -o '[0-9]*M->[0-9]*M' "$out/gc.log" | sed 's/.*->//; s/M//' | sort -n | tail -1)"
gcs="$(grep -c 'Pause' "$out/gc.log" || true)"
{
  echo "checked=$checked files_deleted=$deleted (expected $expired); completed rows $before_rows -> $after_rows; files left $files_left (expected $recent)"
  echo "cycle (in process): ${cycle_ms} ms; expired exports phase: ${expired_ms} ms; bin/dsar wall time: $(((finished - started) / 1000000)) ms"
  echo "rows/s (expired phase): $((checked * 1000 / (expired_ms > 0 ? expired_ms : 1))); rows/s (whole cycle): $((checked * 1000 / (cycle_ms > 0 ? cycle_ms : 1)))"
  echo "heap: -Xmx$heap, $gcs GC pauses, at most ${peak_before_gc}M in use before a GC, at most ${peak_after_gc}M live after one"
} | tee -a "$out/summary.txt"
[ "$deleted" = "$expired" ] && [ "$files_left" = "$recent" ]
