#!/usr/bin/env bash
# Cleanup of N expired exports kept in the object store (S3Proxy on the filesystem): `bin/dsar cleanup` deletes
# them in DeleteObjects batches. The objects are planted as S3Proxy's files directly (far faster than N PUTs).
# Usage: benchmarks/objectstorage/cleanup.sh [exports, default 100000]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:-100000}"
work="$(mktemp -d /tmp/dsar-bench-s3-cleanup.XXXXXX)"
# shellcheck source=common.sh
source "$here/common.sh"
export EXPORT_STORAGE_PATH="$work/unused" DSAR_INSTANCE_ID=cleanup-bench
cleanup() { [ -n "${s3proxy_pid:-}" ] && kill "$s3proxy_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
start_s3proxy "$work"
fresh_database bench_s3_cleanup
python3 - "$work/s3/$bucket/dsar" "$count" "$bucket" > "$work/rows.copy" <<'PY'
import os, sys
folder, n, bucket = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(folder, exist_ok=True)
content = os.urandom(1024)
for i in range(1, n + 1):
    ref = "BENCH-%07d" % i
    name = "dsar_%s_20260101_000000.zip" % ref
    with open(os.path.join(folder, name), "wb") as f:
        f.write(content)
    print("%d\t%s\tcompleted\toperator:cli\t2026-01-01T00:00:00Z\t2026-01-01T00:00:00Z\t2026-01-01T00:00:00Z\t1\ts3://%s/dsar/%s\t1024\t%s"
          % (1_000_000 + i, ref, bucket, name, "0" * 64))
PY
psql -qX -h 127.0.0.1 -U postgres "${DSAR_DATABASE_URL##*/}" -c "\\copy dsar_requests (user_id, gdpr_reference_id,
    status, requested_by, requested_at, started_at, completed_at, attempts, export_storage_path, export_bytes_size,
    export_sha256) FROM '$work/rows.copy'" -c "VACUUM ANALYZE dsar_requests" >/dev/null
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$count expired exports of 1 KiB in the bucket (S3Proxy, filesystem backend)"
start=$(date +%s.%N)
JAVA_OPTS=-Xmx64m /usr/bin/time -v -o "$work/time.txt" "$root/bin/dsar" cleanup >"$work/report.json"
end=$(date +%s.%N)
left=$( (find "$work/s3/$bucket" -type f -name "*.zip" 2>/dev/null || true) | wc -l)
expired=$(psql -qXtA -h 127.0.0.1 -U postgres "${DSAR_DATABASE_URL##*/}" -c "SELECT count(*) FROM dsar_requests WHERE status = 'expired'")
python3 -c "import sys; print(f'bin/dsar cleanup: {float(sys.argv[2]) - float(sys.argv[1]):.2f} s wall, JVM start included')" "$start" "$end"
awk -F': ' '/Maximum resident set size/ {printf "peak RSS %d MiB (-Xmx64m)\n", $2/1024}' "$work/time.txt"
echo "objects left: $left; requests expired: $expired"
head -c 600 "$work/report.json"; echo
