#!/usr/bin/env bash
# Export throughput into the object store against the filesystem, alternating, each `bin/dsar export` under
# JAVA_OPTS=-Xmx64m (wall time with JVM start, peak RSS from /usr/bin/time -v). Uses the database of
# benchmarks/export/run.sh (one user with ROWS audit_logs rows): run that first.
# Usage: benchmarks/objectstorage/export.sh [runs, default 3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-3}"
db="${BENCH_DB:-export_bench}"
user=424242
work="$(mktemp -d /tmp/dsar-bench-s3-export.XXXXXX)"
# shellcheck source=common.sh
source "$here/common.sh"
export DSAR_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" EXPORT_STORAGE_PATH="$work/exports" \
  DSAR_INSTANCE_ID=export-bench
cleanup() { [ -n "${s3proxy_pid:-}" ] && kill "$s3proxy_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
rows=$(psql -qXtA -h 127.0.0.1 -U postgres -d "$db" -c "SELECT count(*) FROM audit_logs WHERE user_id = $user" 2>/dev/null) \
  || { echo "export.sh: database $db missing: run benchmarks/export/run.sh first" >&2; exit 1; }
start_s3proxy "$work"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "user $user: $rows audit_logs rows; bin/dsar export under -Xmx64m; $runs runs alternating filesystem and s3"
for run in $(seq 1 "$runs"); do
  for storage in filesystem s3; do
    ref="BENCH-EXPORT-$storage-$run-$$"
    DSAR_STORAGE=$storage "$root/bin/dsar" request --user-id "$user" --reference "$ref" >/dev/null
    DSAR_STORAGE=$storage JAVA_OPTS=-Xmx64m /usr/bin/time -v -o "$work/time.txt" "$root/bin/dsar" export "$ref" >"$work/export.json"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2/1024}' "$work/time.txt")
    bytes=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("bytes", d.get("export_bytes_size", "?")))' "$work/export.json")
    printf '  run %s %-10s %7s s  peak RSS %4s MiB  package %s bytes\n' "$run" "$storage" "$wall" "$rss" "$bytes"
    echo "$wall $rss" >> "$work/$storage.runs"
  done
done
median() { sort -n -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print v[int((NR+1)/2)]}'; }
for storage in filesystem s3; do
  printf 'median %-10s %7s s  peak RSS (highest) %s MiB\n' "$storage" "$(median "$work/$storage.runs" 1)" \
    "$(sort -n -k2 "$work/$storage.runs" | tail -1 | cut -d' ' -f2)"
done
