#!/usr/bin/env bash
# The disk's own floor for a cleanup cycle: how fast this file system unlinks small files, with no service and
# no database. Writes BENCH_FILES (100000) 512-byte files into a scratch directory next to BENCH_DIR's, flushes
# them, then unlinks them from BENCH_THREADS (8, as cleanup does) threads; prints unlinks/s, the time 100,000
# would take, and the mount options (with `discard`, ext4 waits for the device to discard the freed blocks of
# every unlinked file). See README.md next to this script.
set -euo pipefail

files="${BENCH_FILES:-100000}"
threads="${BENCH_THREADS:-8}"
parent="$(dirname "${BENCH_DIR:-/tmp/cleanup_bench/exports}")"
scratch="$parent/unlink-floor"
mkdir -p "$scratch"
trap 'rm -rf "$scratch"' EXIT

echo "machine: $(nproc) cores; $(findmnt -no SOURCE,FSTYPE,OPTIONS --target "$scratch")"
python3 - "$scratch" "$files" "$threads" <<'PY'
import os, sys, time
from concurrent.futures import ThreadPoolExecutor
directory, files, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
names = [os.path.join(directory, "dsar_FLOOR-%07d_20260101_000000.zip" % i) for i in range(files)]
block = os.urandom(512)
for name in names:
    with open(name, "wb") as f:
        f.write(block)
os.sync()
time.sleep(5)
started = time.monotonic()
with ThreadPoolExecutor(threads) as pool:
    for chunk in pool.map(os.unlink, names, chunksize=256):
        pass
elapsed = time.monotonic() - started
print("%d files unlinked by %d threads in %.2f s: %d unlinks/s; 100,000 take %.1f s"
      % (files, threads, elapsed, files / elapsed, 100000 / (files / elapsed)))
PY
