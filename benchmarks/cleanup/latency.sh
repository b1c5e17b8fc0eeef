#!/usr/bin/env bash
# Download latency while a big cleanup cycle runs in the same service: the data of run.sh (1,000,000 requests,
# 100,000 expired with their files) plus one recent 10 KiB export; `bin/dsar serve` with its periodic cleanup off;
# wrk downloads that export (JWT on every request) for BENCH_BASELINE (10s) alone, then for BENCH_DURING (3s)
# while a cycle started through the admin endpoint runs; with BENCH_PACE_MS each connection pauses that long
# between requests. Prints req/s and p99 of both and their ratio, and checks that the cycle outlasted the
# measured window. See README.md next to this script.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"

port="${BENCH_PORT:-18190}"
connections="${BENCH_CONNECTIONS:-64}"
baseline="${BENCH_BASELINE:-10s}"
during="${BENCH_DURING:-3s}"
base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "latency.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }

# One recent export of a user the seed does not have, served from this directory like any other.
name="dsar_LATENCY-10K_20260101_000000.zip"
head -c 10240 /dev/urandom > "$directory/$name"
chmod 600 "$directory/$name"
sha="$(sha256sum "$directory/$name" | cut -d' ' -f1)"
psql_bench -c "INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, started_at,
    completed_at, attempts, export_storage_path, export_bytes_size, export_sha256)
    VALUES (2000001, 'LATENCY-10K', 'completed', 'operator:cli', now(), now(), now(), 1, '$directory/$name', 10240, '$sha')"

export DSAR_DATABASE_URL="$pg/$database" EXPORT_STORAGE_PATH="$directory" DSAR_INSTANCE_ID=bench \
  DSAR_JWT_SECRET="benchmark-secret-benchmark-secret-0123" DSAR_HTTP_PORT="$port" DSAR_HTTP_HOST=127.0.0.1 \
  CLEANUP_ENABLED=false DSAR_EXPORT_WORKER_ENABLED=false
JAVA_OPTS="${BENCH_SERVE_OPTS:-} -Dlogback.configurationFile=$here/logback-bench.xml" "$repository/bin/dsar" serve \
  >"$out/serve.out" 2>"$out/serve.err" &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 1; done
user="$("$repository/bin/dsar" token --user-id 2000001 --ttl PT1H)"
admin="$("$repository/bin/dsar" token --user-id 1 --admin --ttl PT1H)"
download=(wrk -t1 -c"$connections" --latency -H "Authorization: Bearer $user")
load="as fast as they can (saturating)"
if [ -n "${BENCH_PACE_MS:-}" ]; then   # each connection waits this long between requests: a steady, moderate load
  printf 'function delay() return %s end\n' "$BENCH_PACE_MS" >"$out/pace.lua"
  download+=(-s "$out/pace.lua")
  load="each waiting ${BENCH_PACE_MS} ms between requests"
fi
download+=("$base/api/dsar/download/LATENCY-10K")

p99() { awk '$1=="99%" {v=$2; if (v ~ /ms/) {sub(/ms/,"",v)} else if (v ~ /us/) {sub(/us/,"",v); v/=1000} else if (v ~ /s/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' "$1"; }
rps() { awk '/Requests\/sec/ {printf "%d", $2}' "$1"; }
non2xx() { awk '/Non-2xx|Socket errors/' "$1"; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/latency.txt"
"${download[@]}" -d5s >/dev/null                                       # warm-up
if [ "${BENCH_WARM_CYCLE:-1}" = 1 ]; then   # a dry run first: the cycle's code is compiled, as after a first cycle
  curl -fsS -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"dry_run":true}' \
    "$base/api/admin/dsar/cleanup" >"$out/dry-run.json"
fi
"${download[@]}" -d"$baseline" >"$out/wrk-baseline.txt"
started=$(date +%s%N)
curl -fsS -X POST -H "Authorization: Bearer $admin" "$base/api/admin/dsar/cleanup" >"$out/cycle.json" &
cycle=$!
"${download[@]}" -d"$during" >"$out/wrk-during.txt"
measured=$(( ($(date +%s%N) - started) / 1000000 ))
wait $cycle
cycle_ms="$(sed -n 's/.*"duration_ms":\([0-9]*\).*/\1/p' "$out/cycle.json")"
files_deleted="$(sed -n 's/.*"files_deleted":\([0-9]*\).*/\1/p' "$out/cycle.json")"
{
  echo "wrk -t1 -c$connections, $load, 10 KiB export, JWT on every request"
  echo "baseline ($baseline):     $(rps "$out/wrk-baseline.txt") req/s, p99 $(p99 "$out/wrk-baseline.txt") ms $(non2xx "$out/wrk-baseline.txt")"
  echo "during the cycle ($during): $(rps "$out/wrk-during.txt") req/s, p99 $(p99 "$out/wrk-during.txt") ms $(non2xx "$out/wrk-during.txt")"
  echo "p99 ratio: $(awk -v a="$(p99 "$out/wrk-during.txt")" -v b="$(p99 "$out/wrk-baseline.txt")" 'BEGIN {printf "%.2f", a / b}') (target <= 1.5)"
  echo "cycle: ${cycle_ms} ms, files_deleted=${files_deleted} (expected $expired); window measured: ${measured} ms from the trigger"
} | tee -a "$out/latency.txt"
[ "$files_deleted" = "$expired" ] && [ "$cycle_ms" -gt "$measured" ] \
  || { echo "latency.sh: the cycle did not outlast the measured window (or deleted the wrong count); lower BENCH_DURING" >&2; exit 1; }
