#!/usr/bin/env bash
# Many-exports download benchmark: N distinct completed exports, each owned by its own user, fetched at random
# with the owner's own JWT, against nginx serving the same N files at random (see README.md next to this script).
# Usage: benchmarks/download/many.sh [exports, default 20000] [bytes each, default 6144] [duration, default 20s] [rounds, default 2]
# The data set (files, rows, tokens) is built once under $DSAR_BENCH_DATA (default /var/tmp/dsar-bench-many) and
# reused. Each round restarts the service and measures, for it and for nginx: a start-up pass over 5,000 other
# exports (N / 4 when fewer; JVM and caches cold); then, after random access to those for the duration (the JIT's
# warm-up), a cold pass (every measured export once, in a shuffled order: the caches cold for them), then random
# access to the measured exports for the duration.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:-20000}"
size="${2:-6144}"
duration="${3:-20s}"
rounds="${4:-2}"
connections=64
port=18180
nginx_port=18181
secret="benchmark-secret-benchmark-secret-0123"
data="${DSAR_BENCH_DATA:-/var/tmp/dsar-bench-many}/n${count}_b${size}"
db="bench_many_${count}_${size}"
work="$(mktemp -d /tmp/dsar-bench-many.XXXXXX)"
export DSAR_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db"
export EXPORT_STORAGE_PATH="$data/exports"
export DSAR_JWT_SECRET="$secret"
export DSAR_HTTP_PORT=$port DSAR_HTTP_HOST=127.0.0.1 CLEANUP_ENABLED=false DSAR_LOG_LEVEL=WARN

for tool in wrk nginx psql python3; do
  command -v "$tool" >/dev/null || { echo "many.sh: $tool is missing (apt-get install wrk nginx-light postgresql-client python3)" >&2; exit 1; }
done

cleanup() {
  [ -n "${service_pid:-}" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  [ -n "${nginx_pid:-}" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -f "$data/targets-startup.txt" ]; then
  echo "building the data set: $count exports of $size bytes in $data (once)" >&2
  rm -rf "$data"; mkdir -p "$data"
  python3 "$here/many-dataset.py" "$data" "$count" "$size" "$secret"
fi
if [ ! -f "$data/ready" ] || ! psql -qXtA -h 127.0.0.1 -U postgres -d "$db" -c "SELECT 1" >/dev/null 2>&1; then
  echo "loading the data set into database $db (once)" >&2
  psql -qX -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
  # The demo tables too: serve checks the sections' queries against the source database at start-up.
  "$root/bin/dsar" migrate --with-demo-schema >/dev/null
  sed "s/\tNOW\t/\t$(date -u +%Y-%m-%dT%H:%M:%SZ)\t/" "$data/rows.copy" | psql -qX -h 127.0.0.1 -U postgres "$db" \
    -c "\\copy dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, started_at, completed_at,
        attempts, export_storage_path, export_bytes_size, export_sha256) FROM pstdin" -c "VACUUM ANALYZE dsar_requests" >/dev/null
  touch "$data/ready"
fi
if [ -n "${DSAR_BENCH_PREPARE_ONLY:-}" ]; then echo "data set ready: $data, database $db"; exit 0; fi
# Completed "now" at build time: keep every export inside its retention window whenever the set is reused.
psql -qX -h 127.0.0.1 -U postgres "$db" -c "UPDATE dsar_requests SET completed_at = now() WHERE status = 'completed'" \
  -c "VACUUM ANALYZE dsar_requests" >/dev/null
mkdir -p "$work/tmp"
chmod 755 "$work"   # nginx's workers run as another user and follow the link below
ln -s "$data/static" "$work/static"

(cd "$work" && exec nginx -p "$work" -c "$here/nginx.conf" >"$work/nginx.log" 2>&1) &
nginx_pid=$!
start_service() {
  # As operators run it: bin/dsar (its JVM defaults, the class-data archive when there is one), JAVA_OPTS added.
  "$root/bin/dsar" serve >>"$work/service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return; sleep 0.5; done
  echo "many.sh: the service did not start" >&2; cat "$work/service.log" >&2; exit 1
}
stop_service() { kill "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=; }

export DSAR_BENCH_TARGETS="$data/targets.txt"
measure() { # label mode pass port [targets]: one run, appended to $work/<label>.runs as "rps p99"
  local DSAR_BENCH_TARGETS="${5:-$data/targets.txt}"; export DSAR_BENCH_TARGETS
  local args=(-t1 -c$connections --latency --timeout 10s -s "$here/many.lua")
  # The once pass stops itself after every export was answered; wrk still waits out its duration, so that
  # duration is kept short where the pass is fast (nginx). A pass that did not finish is reported by wrk's rate.
  if [ "$3" = once ]; then args+=(-d"$once_duration"); else args+=(-d"$duration"); fi
  local out; out=$(DSAR_BENCH_MODE=$2 DSAR_BENCH_PASS=$3 DSAR_BENCH_SEED=$round wrk "${args[@]}" "http://127.0.0.1:$4/")
  local rps; rps=$(awk '/^once:/ {print $NF == "req/s" ? $(NF-1) : $NF}' <<<"$out")
  [ -n "$rps" ] || rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local p99; p99=$(awk '$1=="99%" {v=$2; if (v ~ /ms/) {sub(/ms/,"",v)} else if (v ~ /us/) {sub(/us/,"",v); v/=1000} else if (v ~ /s/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$out")
  local errors; errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  [ -n "$errors" ] && echo "  $1: $errors" >&2
  echo "$rps $p99" >> "$work/$1.runs"
  printf '  round %-2s %-16s %10s req/s  p99 %8s ms\n' "$round" "$1" "$rps" "$p99"
}
median() { sort -n -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print v[int((NR+1)/2)]}'; }

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$count distinct exports of $size bytes, each its own user and JWT; wrk -t1 -c$connections; warm runs $duration; $rounds rounds"
for round in $(seq 1 "$rounds"); do
  start_service
  once_duration=15s
  measure service-startup service once $port "$data/targets-startup.txt"
  # The JVM warmed up on the start-up set (its JIT compilers take tens of seconds under this load), so that the
  # cold pass below measures cold caches in a service that has been running, as when many users arrive at once.
  measure service-jvm-warm-up service random $port "$data/targets-startup.txt" >/dev/null
  once_duration=$((count / 2500 + 10))s   # long enough for a pass at 2,500 req/s and up
  measure service-cold service once $port
  measure service-warm service random $port
  rss=$(ps -o rss= -p "$service_pid" | tr -d ' ')
  heap=$(jcmd "$service_pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap|PSYoungGen|ParOldGen|total/ {print}' | head -3 | tr -s ' ' | paste -sd';' || true)
  echo "  round $round service RSS $((rss / 1024)) MiB; heap: ${heap:-n/a}"
  if [ -n "${DSAR_BENCH_HISTOGRAM:-}" ]; then   # what the caches hold, after a full collection
    mkdir -p "$here/out" && jcmd "$service_pid" GC.class_histogram > "$here/out/histogram-many-$count-round$round.txt"
  fi
  stop_service
  once_duration=4s
  measure nginx-startup nginx once $nginx_port "$data/targets-startup.txt"
  once_duration=$((count / 10000 + 3))s
  measure nginx-cold nginx once $nginx_port
  measure nginx-warm nginx random $nginx_port
done
echo "medians:"
for label in service-startup nginx-startup service-cold nginx-cold service-warm nginx-warm; do
  printf '  %-16s %10s req/s  p99 %8s ms\n' "$label" "$(median "$work/$label.runs" 1)" "$(median "$work/$label.runs" 2)"
done
ratio() { awk -v a="$(median "$work/$1.runs" 1)" -v b="$(median "$work/$2.runs" 1)" 'BEGIN {printf "%.2f", a / b}'; }
echo "ratio start-up: $(ratio service-startup nginx-startup)x nginx req/s (JVM cold: the first downloads after start)"
echo "ratio cold: $(ratio service-cold nginx-cold)x nginx req/s (target >= 0.25, p99 < 50 ms)"
echo "ratio warm: $(ratio service-warm nginx-warm)x nginx req/s (target >= 0.4)"
mkdir -p "$here/out" && cp "$work/service.log" "$here/out/service-many.log"
grep -E "WARN|ERROR" "$work/service.log" | grep -v "Broken pipe" | head -5 || true
