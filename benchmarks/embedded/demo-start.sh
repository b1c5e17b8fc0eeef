#!/usr/bin/env bash
# Time to a ready `bin/dsar demo` on the embedded PostgreSQL, from a cold start: a fresh installation (a copy of
# bin/dsar beside the built jars, nothing under data/), then RUNS runs of the demo on it. The first run unpacks
# PostgreSQL's binaries and runs initdb; the later ones find both. Each run is timed from the launch to the line
# "DSAR demo: ready", then stopped with SIGTERM (its stop is timed too). Needs the jars: mvn -B -DskipTests package.
# BENCH_DATABASE_URL=postgresql://… runs the same on a server instead, for comparison (an existing, empty database).
set -euo pipefail

RUNS="${RUNS:-4}"
database="${BENCH_DATABASE_URL:-embedded}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
[ -f "$repo/bootstrap/target/dsar.jar" ] && [ -d "$repo/bootstrap/target/embedded-postgres" ] \
  || { echo "demo-start.sh: build first: mvn -B -DskipTests package" >&2; exit 1; }

installation="$(mktemp -d "${TMPDIR:-/tmp}/dsar-embedded-bench.XXXX")"
cleanup() {
  rm -f "$installation/bootstrap/target"
  rm -rf "$installation"
}
trap cleanup EXIT
mkdir -p "$installation/bin" "$installation/bootstrap"
cp "$repo/bin/dsar" "$installation/bin/dsar"
ln -s "$repo/bootstrap/target" "$installation/bootstrap/target"

now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.1f}')"; }

echo "run,ready_s,stop_s,load_average"
for run in $(seq 1 "$RUNS"); do
  out="$installation/demo.out"
  : >"$out"
  start="$(now)"
  env -u JAVA_OPTS DSAR_DATABASE_URL="$database" DSAR_HTTP_PORT=0 DSAR_SKIP_REBUILD=1 \
    EXPORT_STORAGE_PATH="$installation/exports" "$installation/bin/dsar" demo >"$out" 2>"$installation/demo.err" &
  pid=$!
  until grep -q '^DSAR demo: ready' "$out"; do
    kill -0 "$pid" 2>/dev/null || { cat "$installation/demo.err" >&2; exit 1; }
    sleep 0.1
  done
  ready="$(now)"
  kill -TERM "$pid"
  wait "$pid"
  stopped="$(now)"
  echo "$run,$(seconds "$start" "$ready"),$(seconds "$ready" "$stopped"),$(cut -d' ' -f1 /proc/loadavg)"
done
