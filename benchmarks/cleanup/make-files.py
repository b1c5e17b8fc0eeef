#!/usr/bin/env python3
"""Writes the export files of the cleanup benchmark: dsar_BENCH-nnnnnnn_20260101_000000.zip, 512 bytes each,
for request numbers 1..count (the expired ones, then the recent ones), mode 0600, in the given directory."""
import os
import sys

directory, count = sys.argv[1], int(sys.argv[2])
payload = b"PK" + os.urandom(510)
for n in range(1, count + 1):
    path = os.path.join(directory, "dsar_BENCH-%07d_20260101_000000.zip" % n)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, payload)
    finally:
        os.close(fd)
