#!/usr/bin/env python3
"""Builds the many-exports data set once: N export files of SIZE random bytes, each owned by its own user,
their rows as COPY input for dsar_requests, a JWT per user (HS256, as `dsar token` signs them) and nginx's
readable copies; and min(5,000, N / 4) more exports (targets-startup.txt) that warm a freshly started service
up without touching the N measured ones. Usage: many-dataset.py DIR N SIZE SECRET"""
import base64, hashlib, hmac, json, os, sys, time

out, n, size, secret = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].encode()
exports, static = os.path.join(out, "exports"), os.path.join(out, "static")
os.makedirs(exports, mode=0o750, exist_ok=True)
os.makedirs(static, mode=0o755, exist_ok=True)
os.chmod(out, 0o755)

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

header = b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
now = int(time.time())
STARTUP = min(5_000, n // 4)
with open(os.path.join(out, "rows.copy"), "w") as rows, open(os.path.join(out, "targets.txt"), "w") as measured, \
        open(os.path.join(out, "targets-startup.txt"), "w") as startup:
    for i in range(1, n + STARTUP + 1):
        user = 1_000_000 + i
        ref = "BENCH-%07d" % i if i <= n else "START-%07d" % (i - n)
        targets = measured if i <= n else startup
        name = "dsar_%s_20260101_000000.zip" % ref
        content = os.urandom(size)
        path = os.path.join(exports, name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, content)
        os.close(fd)
        fd = os.open(os.path.join(static, ref + ".zip"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, content)
        os.close(fd)
        sha = hashlib.sha256(content).hexdigest()
        rows.write("%d\t%s\tcompleted\toperator:cli\t%s\t%s\t%s\t1\t%s\t%d\t%s\n" % (
            user, ref, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "NOW", path, size, sha))
        claims = b64(json.dumps({"sub": str(user), "iat": now, "exp": now + 30 * 86400},
                                separators=(",", ":")).encode())
        signature = b64(hmac.new(secret, (header + "." + claims).encode(), hashlib.sha256).digest())
        targets.write("%s %s.%s.%s\n" % (ref, header, claims, signature))
