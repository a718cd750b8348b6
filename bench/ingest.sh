#!/usr/bin/env bash
# Bulk-ingest benchmark: ITEMS (default 20,000) NewsML-G2 items into an empty store, in
# three cases, each ROUNDS times (default 3):
#   steady      the site under a steady reader load while the items are ingested: STEADY_RPS
#               (default 200) requests/s in all, half to the front page, half to an article
#               (wrk -t1 -c2 per page, each connection pausing between requests, paced.lua).
#               The target is judged on this case.
#   saturating  the site loaded flat out (wrk -t1 -c2 per page, no pauses) during the ingest.
#   alone       no reader load (the server runs, idle but for following the change log).
# Usage: bash bench/ingest.sh
#
# Builds the release binary; generates the items (bench/make_newsml.py) and one page-copy
# story (bench/make_stories.py) so the site has an article to serve. For each case and
# round: starts `gazette serve` on a fresh data folder on a free 127.0.0.1 port, ingests
# that one story, starts the case's load, runs `gazette ingest --json` on the items into
# the same data folder, timed, its peak RSS taken by /usr/bin/time, and stops the load
# when the ingest ends (bounded by INGEST_TIMEOUT). Prints a RUN line per round, a RESULT
# line per case (medians, [min..max] over the rounds) with the site's requests/s, p50 and
# p99 during the load, and whether the target of 5,000 items/s holds in the steady case.
# Everything on 127.0.0.1; temp folders and processes are removed on exit.
# Needs wrk, curl, python3, GNU time (/usr/bin/time), cargo.
#
# Environment: ITEMS (default 20000), ROUNDS (default 3), STEADY_RPS (default 200),
# BUILD_TIMEOUT / INGEST_TIMEOUT (seconds, default 1800 / 600).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
. "$ROOT/../shared/bench/common.sh"
. "$HERE/build.sh"
ITEMS=${ITEMS:-20000}; ROUNDS=${ROUNDS:-3}; STEADY_RPS=${STEADY_RPS:-200}
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
echo "settings: ITEMS=$ITEMS ROUNDS=$ROUNDS STEADY_RPS=$STEADY_RPS"

# 1. Build.
build_gazette "$ROOT" "$BUILD_TIMEOUT"

# 2. The items, and one story for the site to show during the load.
t0=$(now)
python3 "$HERE/make_newsml.py" "$TMP/items" "$ITEMS" 2> "$TMP/make.log"
python3 "$HERE/make_stories.py" "$TMP/seed" 1 > /dev/null 2>> "$TMP/make.log"
echo "corpus: $(tr '\n' ' ' < "$TMP/make.log")($(du -sk "$TMP/items" | cut -f1) kB) in $(since "$t0") s"

# run_case CASE ROUND: one ingest of the items into a fresh data folder under the case's
# load; prints its RUN line.
run_case() {
  local case=$1 round=$2 dir="$TMP/$1.$2" port base article rc=0 t0 secs page load
  port=$(free_port); base="http://127.0.0.1:$port"
  mkdir -p "$dir"
  (cd "$dir" && exec "$BIN" serve --data "$dir/data" --addr "127.0.0.1:$port") > "$dir/serve.log" 2>&1 &
  GAZ_PID=$!
  wait_http "$base/healthz" 300 || { tail -20 "$dir/serve.log" >&2; exit 1; }
  "$BIN" ingest --data "$dir/data" --json "$TMP/seed" > "$dir/seed.jsonl" 2> /dev/null
  article=$(python3 -c 'import json, sys; print(next(json.loads(l)["url"] for l in open(sys.argv[1]) if json.loads(l).get("url")))' "$dir/seed.jsonl")
  for _ in $(seq 1 50); do curl -sf -o /dev/null "$base$article" && break; sleep 0.1; done
  curl -sf -o /dev/null "$base$article" || { echo "the site does not serve $article" >&2; exit 1; }
  # The load; wrk prints its figures when interrupted.
  if [ "$case" != alone ]; then
    for page in "front /" "article $article"; do
      set -- $page
      load=()
      # Two connections per page, STEADY_RPS/2 per page: each waits 4000/STEADY_RPS ms.
      [ "$case" = steady ] && load=(-s "$HERE/paced.lua")
      DELAY_MS=$((4000 / STEADY_RPS)) timeout -s INT "$INGEST_TIMEOUT" \
        wrk -t1 -c2 -d"${INGEST_TIMEOUT}s" --latency "${load[@]}" "$base$2" > "$dir/wrk.$1.txt" 2>&1 &
      LOAD_PIDS="$LOAD_PIDS $!"
    done
    sleep 0.5
  fi
  t0=$(now)
  (cd "$dir" && exec timeout "$INGEST_TIMEOUT" /usr/bin/time -f '%M' -o "$dir/time.txt" \
    "$BIN" ingest --data "$dir/data" --json "$TMP/items") > "$dir/ingest.jsonl" 2> "$dir/ingest.log" || rc=$?
  secs=$(since "$t0")
  for p in $LOAD_PIDS; do kill -INT "$p" 2>/dev/null || true; done
  for p in $LOAD_PIDS; do wait "$p" 2>/dev/null || true; done
  LOAD_PIDS=
  kill "$GAZ_PID" 2>/dev/null || true; wait "$GAZ_PID" 2>/dev/null || true; GAZ_PID=
  [ "$rc" = 124 ] && { echo "ingest did not finish within ${INGEST_TIMEOUT} s" >&2; exit 1; }
  python3 - "$dir/ingest.jsonl" "$secs" "$(tail -1 "$dir/time.txt")" "$rc" "$case" "$round" <<'PY'
import collections, json, sys
path, secs, rss, rc, case, rnd = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
reports = [json.loads(l) for l in open(path) if l.strip()]
count = collections.Counter(r["status"] for r in reports)
for r in [r for r in reports if r["status"] == "rejected"][:5]:
    print(f"  rejected: {r['path']}: {r['error']}", file=sys.stderr)
rate = len(reports) / secs if secs else 0
print(f"RUN case={case} round={rnd} items={len(reports)} seconds={secs:.2f} items_per_s={rate:.0f} "
      f"peak_rss_mib={int(rss) / 1024:.1f} published={count['published']} rejected={count['rejected']} exit={rc}", end="")
PY
  if [ "$case" = alone ]; then echo; else
    for page in front article; do
      echo -n " $page: $(wrk_summary "$dir/wrk.$page.txt")"
    done
    echo
  fi
  rm -rf "$dir"
}

# 3. Each case, ROUNDS times, interleaved, so a busy spell of the machine does not fall on
# one case only.
: > "$TMP/runs.txt"
for round in $(seq 1 "$ROUNDS"); do
  for case in steady saturating alone; do
    echo "round $round, $case: load average$(uptime | sed 's/.*load average://')"
    # Not in a pipeline: run_case sets GAZ_PID and LOAD_PIDS of this shell, for cleanup.
    run_case "$case" "$round" >> "$TMP/runs.txt"
    tail -1 "$TMP/runs.txt"
  done
done

# 4. Medians per case. wrk_summary's fields come as front's, then article's.
for case in steady saturating alone; do
  lines=$(grep "^RUN case=$case " "$TMP/runs.txt")
  line="RESULT gazette bulk_ingest case=$case items_per_s=$(median_of items_per_s <<< "$lines") \
peak_rss_mib=$(median_of peak_rss_mib <<< "$lines") rejected=$(median_of rejected <<< "$lines")"
  if [ "$case" != alone ]; then
    for page in front article; do
      fields=$(sed "s/.* $page: //; s/ [a-z]*: .*//" <<< "$lines")
      line="$line $page: rps=$(median_of rps <<< "$fields") p50_ms=$(median_of p50_ms <<< "$fields") \
p99_ms=$(median_of p99_ms <<< "$fields") non2xx=$(median_of non2xx <<< "$fields")"
    done
  fi
  echo "$line"
done
rate=$(grep "^RUN case=steady " "$TMP/runs.txt" | median_of items_per_s)
rate=${rate%%[*}
echo "TARGET items/s >= 5000 (steady, median of $ROUNDS): $rate \
$(python3 -c 'import sys; print("PASS" if float(sys.argv[1]) >= 5000 else "FAIL")' "$rate")"
echo "load average at end:$(uptime | sed 's/.*load average://')"
