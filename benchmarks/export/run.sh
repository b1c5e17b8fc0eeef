#!/usr/bin/env bash
# Export benchmark: one user with $ROWS audit_logs rows, exported by `bin/dsar export` under JAVA_OPTS=-Xmx64m,
# measured against the baseline `psql COPY (SELECT row_to_json(a) ...) TO STDOUT | gzip -6 >/dev/null`.
# See README.md next to this script.
set -euo pipefail

ROWS="${ROWS:-1000000}"
OTHER_ROWS="${OTHER_ROWS:-200000}"
SERVER="${BENCH_SERVER:-postgresql://postgres@localhost:5432}"
DB="${BENCH_DB:-export_bench}"
USER_ID=424242
HEAP="${HEAP:--Xmx64m}"
RUNS="${RUNS:-3}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$here/out"
mkdir -p "$out"
exports="$(mktemp -d "$out/exports.XXXX")"
trap 'rm -rf "$exports"' EXIT

export DSAR_DATABASE_URL="$SERVER/$DB"
export EXPORT_STORAGE_PATH="$exports"
export DSAR_INSTANCE_ID="export-bench"

psql_server() { psql -X -q -v ON_ERROR_STOP=1 "$SERVER/postgres" "$@"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 "$SERVER/$DB" "$@"; }
now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.2f}')"; }

echo "== building the jar" >&2
(cd "$repo" && mvn -B -q -o -DskipTests package >/dev/null 2>&1 || mvn -B -q -DskipTests package >/dev/null)
export DSAR_SKIP_REBUILD=1

if [ "${REUSE_DB:-0}" != 1 ]; then
  echo "== database $DB: $ROWS audit_logs rows for user $USER_ID, $OTHER_ROWS for other users" >&2
  psql_server -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  "$repo/bin/dsar" migrate --with-demo-schema >/dev/null
  psql_db <<SQL
INSERT INTO users (id, email, display_name, created_at)
  VALUES ($USER_ID, 'bench@example.org', 'Bench Ünïcode', now());
INSERT INTO audit_logs (user_id, action, ip, details, created_at)
  SELECT $USER_ID,
         (ARRAY['login', 'logout', 'workflow.run', 'token.create', 'settings.update'])[1 + i % 5],
         '198.51.' || (i % 256) || '.' || (i / 256 % 256),
         jsonb_build_object('request_id', md5(i::text), 'user_agent', 'Mozilla/5.0 (X11; Linux x86_64)',
                            'duration_ms', i % 997, 'ok', i % 7 <> 0, 'tags', jsonb_build_array('web', 'eu-west')),
         '2025-01-01T00:00:00Z'::timestamptz + i * interval '17 seconds'
  FROM generate_series(1, $ROWS) i;
INSERT INTO audit_logs (user_id, action, ip, details, created_at)
  SELECT 1 + i % 1000, 'login', '203.0.113.1', '{"other": true}', now() FROM generate_series(1, $OTHER_ROWS) i;
SQL
  # Hint bits and visibility map set once, so that the first timed reader does not pay for writing them.
  psql_db -c "VACUUM ANALYZE"
fi

copy="COPY (SELECT row_to_json(a) FROM audit_logs a WHERE user_id = $USER_ID) TO STDOUT"
baseline_bytes="$(psql -X "$SERVER/$DB" -c "$copy" | wc -c)"
baseline_runs=()
export_runs=()
rss_runs=()
for run in $(seq 1 "$RUNS"); do
  echo "== run $run/$RUNS: baseline COPY (row_to_json) | gzip -6, then bin/dsar export with JAVA_OPTS=$HEAP" >&2
  start="$(now)"
  psql -X "$SERVER/$DB" -c "$copy" | gzip -6 >/dev/null
  end="$(now)"
  baseline_runs+=("$(seconds "$start" "$end")")

  rm -f "$exports"/*
  request="$("$repo/bin/dsar" request --user-id "$USER_ID")"
  reference="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["request"]["reference_id"])' "$request")"
  start="$(now)"
  JAVA_OPTS="$HEAP" /usr/bin/time -v -o "$out/time.txt" "$repo/bin/dsar" export "$reference" >"$out/export.json"
  end="$(now)"
  export_runs+=("$(seconds "$start" "$end")")
  rss_runs+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")")
done
file="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["file_path"])' "$out/export.json")"

# Uncompressed JSON written: every section file listed in the manifest (plus the other files).
read -r json_bytes audit_bytes root < <(python3 - "$file" <<'PY'
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    root = z.namelist()[0].split('/')[0]
    meta = json.loads(z.read(root + '/meta.json'))
    total = sum(f['bytes'] for f in meta['files']) + z.getinfo(root + '/meta.json').file_size
    audit = next(f['bytes'] for f in meta['files'] if f['name'] == 'audit_logs.json')
    print(total, audit, root)
PY
)
package_bytes="$(stat -c %s "$file")"

echo "== deflate levels of the JVM on the exported audit_logs.json" >&2
unzip -p "$file" "$root/audit_logs.json" >"$out/audit_logs.json"
levels="$(java -Xmx1g "$here/DeflateLevels.java" "$out/audit_logs.json")"
rm -f "$out/audit_logs.json"

python3 - "$ROWS" "$json_bytes" "$package_bytes" "$baseline_bytes" "$HEAP" "${export_runs[*]}" "${baseline_runs[*]}" "${rss_runs[*]}" <<'PY'
import statistics, sys
rows, json_bytes, package, base_bytes, heap, exports, baselines, rss = sys.argv[1:]
json_bytes, package, base_bytes = int(json_bytes), int(package), int(base_bytes)
exports = [float(x) for x in exports.split()]
baselines = [float(x) for x in baselines.split()]
rss = [int(x) for x in rss.split()]
secs, base_secs = statistics.median(exports), statistics.median(baselines)
mbs, base_mbs = json_bytes / 1e6 / secs, base_bytes / 1e6 / base_secs
print(f"runs                   {len(exports)} (median shown; all: export {exports} s, baseline {baselines} s)")
print(f"rows exported          {int(rows):,} audit_logs rows (+ the other sections)")
print(f"JSON written           {json_bytes / 1e6:.1f} MB uncompressed")
print(f"bin/dsar export        {secs:.2f} s wall (JVM start included), {mbs:.1f} MB/s, JAVA_OPTS={heap}")
print(f"package                {package / 1e6:.1f} MB (ratio {json_bytes / package:.2f})")
print(f"peak RSS               {max(rss) / 1024:.0f} MiB (highest run)")
print(f"baseline COPY|gzip -6  {base_bytes / 1e6:.1f} MB in {base_secs:.2f} s, {base_mbs:.1f} MB/s")
print(f"throughput vs baseline {mbs / base_mbs:.2f}x (target >= 0.7x)")
PY
printf '%s\n' "$levels"
echo "export JSON: $out/export.json; /usr/bin/time output: $out/time.txt"
if [ "${KEEP_DB:-0}" != 1 ]; then
  psql_server -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
fi
