#!/usr/bin/env bash
# Redirect downloads with DSAR_STORAGE=s3: the owner's authenticated GET answered 302 to a presigned URL (no
# bytes through the service), 64 connections, against nginx serving a 10 KiB file (the issue's yardstick).
# Usage: benchmarks/objectstorage/redirect.sh [duration, default 20s] [rounds, default 3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${1:-20s}"
rounds="${2:-3}"
port=18180
nginx_port=18181
work="$(mktemp -d /tmp/dsar-bench-s3.XXXXXX)"
chmod 755 "$work"
# shellcheck source=common.sh
source "$here/common.sh"
export DSAR_JWT_SECRET="benchmark-secret-benchmark-secret-0123" DSAR_HTTP_PORT=$port DSAR_HTTP_HOST=127.0.0.1 \
  CLEANUP_ENABLED=false DSAR_LOG_LEVEL=WARN EXPORT_STORAGE_PATH="$work/unused"
cleanup() {
  for pid in "${service_pid:-}" "${nginx_pid:-}" "${s3proxy_pid:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

start_s3proxy "$work"
fresh_database bench_s3_redirect
"$root/bin/dsar" request --user-id 42 --reference BENCH-S3-REDIRECT >/dev/null
"$root/bin/dsar" export BENCH-S3-REDIRECT >/dev/null
mkdir -p "$work/static" "$work/tmp" && chmod 755 "$work/static"
head -c 10240 /dev/urandom > "$work/static/BENCH-10K.zip" && chmod 644 "$work/static/BENCH-10K.zip"
"$root/bin/dsar" serve >"$work/service.log" 2>&1 &
service_pid=$!
(cd "$work" && exec nginx -p "$work" -c "$root/benchmarks/download/nginx.conf" >"$work/nginx.log" 2>&1) &
nginx_pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
token=$("$root/bin/dsar" token --user-id 42 --ttl PT2H)
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/dsar/download/BENCH-S3-REDIRECT")
[ "$status" = 302 ] || { echo "redirect.sh: expected 302, got $status" >&2; cat "$work/service.log" >&2; exit 1; }

measure() { # label url
  local out; out=$(wrk -t1 -c64 -d"$duration" --latency -H "Authorization: Bearer $token" "$2")
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local p99; p99=$(awk '$1=="99%" {v=$2; if (v ~ /ms/) {sub(/ms/,"",v)} else if (v ~ /us/) {sub(/us/,"",v); v/=1000} else if (v ~ /s/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$out")
  local errors; errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  [ -n "$errors" ] && echo "  $1: $errors" >&2
  echo "$rps $p99" >> "$work/$1.runs"
  printf '  round %-2s %-16s %10s req/s  p99 %8s ms\n' "$round" "$1" "$rps" "$p99"
}
median() { sort -n -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print v[int((NR+1)/2)]}'; }
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t1 -c64 -d$duration, JWT on every request; the service answers 302 to a presigned URL (S3Proxy on the filesystem)"
wrk -t1 -c64 -d5s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/dsar/download/BENCH-S3-REDIRECT" >/dev/null
wrk -t1 -c64 -d5s "http://127.0.0.1:$nginx_port/BENCH-10K.zip" >/dev/null
for round in $(seq 1 "$rounds"); do
  measure service-302 "http://127.0.0.1:$port/api/dsar/download/BENCH-S3-REDIRECT"
  measure nginx-10KiB "http://127.0.0.1:$nginx_port/BENCH-10K.zip"
done
echo "medians:"
for label in service-302 nginx-10KiB; do
  printf '  %-16s %10s req/s  p99 %8s ms\n' "$label" "$(median "$work/$label.runs" 1)" "$(median "$work/$label.runs" 2)"
done
awk -v a="$(median "$work/service-302.runs" 1)" -v b="$(median "$work/nginx-10KiB.runs" 1)" \
  'BEGIN {printf "ratio: %.2fx nginx 10 KiB req/s (target >= 1.0)\n", a / b}'
