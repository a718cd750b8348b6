#!/usr/bin/env python3
"""Prefill one Gazette thread with N made-up comments (about 30 % replies) through the JSON API,
with the same text generator as ../shared/bench/prefill.py uses for Isso, so both servers read
threads of the same shape.

Usage: prefill_comments.py BASE_URL STORY_ID N
"""
import http.client
import json
import os
import random
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench"))
from prefill import text  # noqa: E402  (the reference's own generator)

READERS = 8


def call(base, path, body, cookie=None):
    u = urllib.parse.urlsplit(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    headers = {"Content-Type": "application/json", "Origin": base}
    if cookie:
        headers["Cookie"] = cookie
    c.request("POST", path, json.dumps(body), headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status not in (200, 201):
        raise SystemExit(f"prefill: {path}: {r.status} {data[:200]!r}")
    return r, json.loads(data)


def sign_up(base, i):
    r, _ = call(base, "/api/v1/auth/signup",
                {"email": f"reader{i}@example.org", "password": "correct horse battery", "name": f"Reader {i}"})
    return r.getheader("Set-Cookie").split(";")[0]


def main():
    base, story, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    path = f"/api/v1/articles/{story}/comments"
    rng = random.Random(2000)
    cookies = [sign_up(base, i) for i in range(READERS)]

    def post(args):
        i, body = args
        return call(base, path, body, cookies[i % READERS])[1]["id"]

    roots = [post((0, {"body": text(rng, 0)}))]
    bodies = [(i, {"body": text(rng, i)}, rng.random() < 0.3) for i in range(1, n)]
    # Roots first (in parallel), then replies to random roots, so every parent exists.
    with ThreadPoolExecutor(4) as ex:
        roots += list(ex.map(post, [(i, b) for i, b, reply in bodies if not reply]))
        replies = [(i, dict(b, parent_id=rng.choice(roots))) for i, b, reply in bodies if reply]
        list(ex.map(post, replies))
    print(f"prefilled {story}: {len(roots)} top-level, {len(replies)} replies")


if __name__ == "__main__":
    main()
