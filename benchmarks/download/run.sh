#!/usr/bin/env bash
# Download benchmark: the service vs nginx serving the same files (see README.md next to this script).
# Usage: benchmarks/download/run.sh [duration, default 20s] [rounds, default 3]
# Each round measures the service then nginx on each file size; the figures reported are the medians.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${1:-20s}"
rounds="${2:-3}"
connections=64
port=18180
nginx_port=18181
db=bench_download
work="$(mktemp -d /tmp/dsar-bench-download.XXXXXX)"
exports="$work/exports"
mkdir -p "$exports" "$work/tmp" "$work/static"
chmod 755 "$work" "$work/static"
chmod 750 "$exports"
export DSAR_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db"
export EXPORT_STORAGE_PATH="$exports"
export DSAR_JWT_SECRET="benchmark-secret-benchmark-secret-0123"
export DSAR_HTTP_PORT=$port DSAR_HTTP_HOST=127.0.0.1 CLEANUP_ENABLED=false DSAR_LOG_LEVEL=WARN

for tool in wrk nginx psql; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (apt-get install wrk nginx-light postgresql-client)" >&2; exit 1; }
done

cleanup() {
  [ -n "${service_pid:-}" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  [ -n "${nginx_pid:-}" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -qX -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
# The demo tables too: serve checks the sections' queries against the source database at start-up.
"$root/bin/dsar" migrate --with-demo-schema >/dev/null

# Two completed exports of user 42: about 10 KiB and 1 MiB of random bytes.
plant() { # reference bytes
  local name="dsar_$1_20260101_000000.zip"
  head -c "$2" /dev/urandom > "$exports/$name"
  chmod 600 "$exports/$name"
  local sha; sha=$(sha256sum "$exports/$name" | cut -d' ' -f1)
  psql -qX -h 127.0.0.1 -U postgres "$db" -c "INSERT INTO dsar_requests (user_id, gdpr_reference_id, status,
      requested_by, requested_at, started_at, completed_at, attempts, export_storage_path, export_bytes_size, export_sha256)
      VALUES (42, '$1', 'completed', 'operator:cli', now(), now(), now(), 1, '$exports/$name', $2, '$sha')" >/dev/null
  # nginx's workers run as another user: it serves a readable copy of the same bytes.
  install -m 644 "$exports/$name" "$work/static/$1.zip"
}
plant BENCH-10K 10240
plant BENCH-1M 1048576

java ${JAVA_OPTS:-} -jar "$root/bootstrap/target/dsar.jar" serve >"$work/service.log" 2>&1 &
service_pid=$!
(cd "$work" && exec nginx -p "$work" -c "$here/nginx.conf" >"$work/nginx.log" 2>&1) &
nginx_pid=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && curl -fs -o /dev/null "http://127.0.0.1:$nginx_port/BENCH-10K.zip" && break
  sleep 1
done
token=$("$root/bin/dsar" token --user-id 42 --ttl PT2H)

measure() { # label url: one run, appended to $work/<label>.runs as "rps mbs p99"
  local out; out=$(wrk -t1 -c$connections -d"$duration" --latency -H "Authorization: Bearer $token" "$2")
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local mbs; mbs=$(awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) {sub(/GB/,"",v); v*=1024} else if (v ~ /KB/) {sub(/KB/,"",v); v/=1024} else {sub(/MB/,"",v)}; printf "%.1f", v}' <<<"$out")
  local p99; p99=$(awk '$1=="99%" {v=$2; if (v ~ /ms/) {sub(/ms/,"",v)} else if (v ~ /us/) {sub(/us/,"",v); v/=1000} else if (v ~ /s/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$out")
  local errors; errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  [ -n "$errors" ] && echo "  $1: $errors" >&2
  echo "$rps $mbs $p99" >> "$work/$1.runs"
  printf '  round %-2s %-16s %10s req/s %9s MB/s  p99 %8s ms\n' "$round" "$1" "$rps" "$mbs" "$p99"
}
median() { # file column
  sort -n -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print v[int((NR+1)/2)]}'
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t1 -c$connections -d$duration, JWT on every request, $rounds rounds alternating service and nginx"
for target in "service-10KiB http://127.0.0.1:$port/api/dsar/download/BENCH-10K" "nginx-10KiB http://127.0.0.1:$nginx_port/BENCH-10K.zip" \
              "service-1MiB http://127.0.0.1:$port/api/dsar/download/BENCH-1M" "nginx-1MiB http://127.0.0.1:$nginx_port/BENCH-1M.zip"; do
  wrk -t1 -c$connections -d5s -H "Authorization: Bearer $token" "${target#* }" >/dev/null   # warm-up
done
for round in $(seq 1 "$rounds"); do
  measure service-10KiB "http://127.0.0.1:$port/api/dsar/download/BENCH-10K"
  measure nginx-10KiB "http://127.0.0.1:$nginx_port/BENCH-10K.zip"
  measure service-1MiB "http://127.0.0.1:$port/api/dsar/download/BENCH-1M"
  measure nginx-1MiB "http://127.0.0.1:$nginx_port/BENCH-1M.zip"
done
echo "medians:"
for label in service-10KiB nginx-10KiB service-1MiB nginx-1MiB; do
  printf '  %-16s %10s req/s %9s MB/s  p99 %8s ms\n' "$label" "$(median "$work/$label.runs" 1)" \
    "$(median "$work/$label.runs" 2)" "$(median "$work/$label.runs" 3)"
done
ratio() { awk -v a="$(median "$work/$1.runs" 1)" -v b="$(median "$work/$2.runs" 1)" 'BEGIN {printf "%.2f", a / b}'; }
echo "ratio 10 KiB: $(ratio service-10KiB nginx-10KiB)x nginx req/s (target >= 0.5)"
echo "ratio 1 MiB:  $(ratio service-1MiB nginx-1MiB)x nginx req/s (target >= 0.8)"
mkdir -p "$here/out" && cp "$work/service.log" "$here/out/service.log"
grep -E "WARN|ERROR" "$work/service.log" | grep -v "Broken pipe" | head -5 || true
