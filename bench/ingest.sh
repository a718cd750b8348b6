#!/usr/bin/env bash
# Bulk-ingest benchmark: ITEMS (default 20,000) NewsML-G2 items into an empty store while
# the site answers readers.
# Usage: bash bench/ingest.sh
#
# Builds the release binary; generates the items (bench/make_newsml.py) and one page-copy
# story (bench/make_stories.py) so the site has an article to serve; starts `gazette serve`
# on a fresh data folder on a free 127.0.0.1 port and ingests that one story; then runs
# `gazette ingest --json` on the items into the same data folder, timed, its peak RSS
# taken by /usr/bin/time, while two `wrk -t1 -c2` load the front page and the article for
# as long as the ingest runs (bounded by INGEST_TIMEOUT). Prints the RESULT line, the site's
# latency and errors during the load, and whether the target of 5,000 items/s holds.
# Everything on 127.0.0.1; temp folders and processes are removed on exit.
# Needs wrk, curl, python3, GNU time (/usr/bin/time), cargo.
#
# Environment: ITEMS (default 20000), BUILD_TIMEOUT / INGEST_TIMEOUT (seconds, default
# 1800 / 600).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
. "$ROOT/../shared/bench/common.sh"
. "$HERE/build.sh"
ITEMS=${ITEMS:-20000}
BUILD_TIMEOUT=${BUILD_TIMEOUT:-1800}; INGEST_TIMEOUT=${INGEST_TIMEOUT:-600}
need wrk wrk; need curl curl; need python3 python3; need timeout coreutils
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time: apt-get install -y time" >&2; exit 1; }
command -v cargo >/dev/null || { echo "missing cargo (https://rustup.rs)" >&2; exit 1; }

TMP=$(mktemp -d -t gazette-ingest-bench.XXXXXX)
GAZ_PID= LOAD_PIDS=
cleanup() {
  local p
  for p in $LOAD_PIDS $GAZ_PID; do kill "$p" 2>/dev/null || true; done
  sleep 0.3
  [ -n "$GAZ_PID" ] && kill -9 "$GAZ_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM


echo "machine: $(nproc) cores, load average at start:$(uptime | sed 's/.*load average://')"
echo "settings: ITEMS=$ITEMS"

# 1. Build.
build_gazette "$ROOT" "$BUILD_TIMEOUT"

# 2. The items, and one story for the site to show during the load.
t0=$(now)
python3 "$HERE/make_newsml.py" "$TMP/items" "$ITEMS" 2> "$TMP/make.log"
python3 "$HERE/make_stories.py" "$TMP/seed" 1 > /dev/null 2>> "$TMP/make.log"
echo "corpus: $(tr '\n' ' ' < "$TMP/make.log")($(du -sk "$TMP/items" | cut -f1) kB) in $(since "$t0") s"

# 3. Serve a fresh data folder, with the one story in it.
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
(cd "$TMP" && exec "$BIN" serve --data "$TMP/data" --addr "127.0.0.1:$PORT") > "$TMP/serve.log" 2>&1 &
GAZ_PID=$!
wait_http "$BASE/healthz" 300 || { tail -20 "$TMP/serve.log" >&2; exit 1; }
"$BIN" ingest --data "$TMP/data" --json "$TMP/seed" > "$TMP/seed.jsonl" 2> /dev/null
ARTICLE=$(python3 -c 'import json, sys; print(next(json.loads(l)["url"] for l in open(sys.argv[1]) if json.loads(l).get("url")))' "$TMP/seed.jsonl")
for _ in $(seq 1 50); do curl -sf -o /dev/null "$BASE$ARTICLE" && break; sleep 0.1; done
curl -sf -o /dev/null "$BASE$ARTICLE" || { echo "the site does not serve $ARTICLE" >&2; exit 1; }
echo "serve: $BASE, article $ARTICLE"

# 4. Load the site while the items are ingested; wrk prints its figures when interrupted.
for page in "front /" "article $ARTICLE"; do
  set -- $page
  timeout -s INT "$INGEST_TIMEOUT" wrk -t1 -c2 -d"${INGEST_TIMEOUT}s" --latency "$BASE$2" > "$TMP/wrk.$1.txt" 2>&1 &
  LOAD_PIDS="$LOAD_PIDS $!"
done
sleep 0.5
t0=$(now)
rc=0
(cd "$TMP" && exec timeout "$INGEST_TIMEOUT" /usr/bin/time -f '%M' -o "$TMP/time.txt" \
  "$BIN" ingest --data "$TMP/data" --json "$TMP/items") > "$TMP/ingest.jsonl" 2> "$TMP/ingest.log" || rc=$?
SECONDS_TAKEN=$(since "$t0")
for p in $LOAD_PIDS; do kill -INT "$p" 2>/dev/null || true; done
for p in $LOAD_PIDS; do wait "$p" 2>/dev/null || true; done
LOAD_PIDS=
[ "$rc" = 124 ] && { echo "ingest did not finish within ${INGEST_TIMEOUT} s" >&2; exit 1; }
echo "ingest summary: $(tail -1 "$TMP/ingest.log")"

python3 - "$TMP/ingest.jsonl" "$SECONDS_TAKEN" "$(tail -1 "$TMP/time.txt")" "$rc" <<'PY'
import collections, json, sys
path, secs, rss, rc = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
reports = [json.loads(l) for l in open(path) if l.strip()]
count = collections.Counter(r["status"] for r in reports)
for r in [r for r in reports if r["status"] == "rejected"][:5]:
    print(f"  rejected: {r['path']}: {r['error']}", file=sys.stderr)
rate = len(reports) / secs if secs else 0
print(f"RESULT gazette bulk_ingest items={len(reports)} seconds={secs:.2f} items_per_s={rate:.0f} "
      f"peak_rss_kb={rss} published={count['published']} rejected={count['rejected']} exit={rc}")
print(f"TARGET items/s >= 5000: {rate:.0f} {'PASS' if rate >= 5000 else 'FAIL'}")
PY
for page in front article; do
  echo "RESULT gazette site_during_ingest page=$page $(wrk_summary "$TMP/wrk.$page.txt")"
done
echo "load average at end:$(uptime | sed 's/.*load average://')"
