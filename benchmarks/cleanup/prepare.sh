# Sourced by run.sh and latency.sh: settings, then a fresh copy of the benchmark database and its files.
# The seed database is built once (about a minute) and copied for every run (seconds).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repository="$(cd "$here/../.." && pwd)"

pg="${BENCH_PG:-postgresql://postgres@localhost:5432}"
database="${BENCH_DATABASE:-cleanup_bench}"
seed="${database}_seed"
rows="${BENCH_ROWS:-1000000}"
expired="${BENCH_EXPIRED:-100000}"
recent="${BENCH_RECENT:-50000}"
heap="${BENCH_HEAP:-64m}"
directory="${BENCH_DIR:-/tmp/${database}/exports}"
out="${BENCH_OUT:-$here/out}"

psql_admin() { psql "$pg/postgres" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_bench() { psql "$pg/$database" -v ON_ERROR_STOP=1 -qAt "$@"; }

mkdir -p "$out" "$directory"
chmod 750 "$directory"
directory="$(cd "$directory" && pwd -P)"

shape="rows=$rows expired=$expired recent=$recent dir=$directory"
if [ "${BENCH_RESEED:-0}" = "1" ] || [ "$(psql_admin -c "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$seed'")" != "$shape" ]; then
  echo "building $seed ($shape) ..." >&2
  psql_admin -c "DROP DATABASE IF EXISTS $seed" -c "CREATE DATABASE $seed"
  DSAR_DATABASE_URL="$pg/$seed" "$repository/bin/dsar" migrate >/dev/null
  psql "$pg/$seed" -v ON_ERROR_STOP=1 -q -v rows="$rows" -v expired="$expired" -v recent="$recent" \
    -v dir="$directory" -f "$here/seed.sql"
  psql_admin -c "COMMENT ON DATABASE $seed IS '$shape'"
fi
psql_admin -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database TEMPLATE $seed"

# The files: expired and recent ones, written and flushed to disk as month-old files would be.
find "$directory" -maxdepth 1 -name 'dsar_*' -delete
python3 "$here/make-files.py" "$directory" "$((expired + recent))"
sync
sleep 5
