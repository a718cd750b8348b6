#!/usr/bin/env bash
# Load benchmark of Gazette's public site, against nginx serving the same page as a static file.
# Usage: bash bench/site.sh [RUNS] [SECONDS]   (defaults 3 runs of 10 s per target)
#
# One run: builds the release binary; generates STORIES (default 10,000) fictional stories
# (bench/make_stories.py) and times `gazette ingest --json` into a fresh data folder; serves
# them on a free loopback port and loads, RUNS x `wrk -t2 -c64 -dSECONDSs --latency` each:
# the long-read article page without Accept-Encoding, the same with Accept-Encoding: gzip,
# and the front page; prints gazette's peak RSS; crawls every article once in each encoding
# (identity, gzip, brotli; 16 at a time) and prints the memory after each pass and whether
# every page answered 200; stops gazette; runs the shared nginx
# baseline (../shared/bench/nginx-static.sh) on the article HTML gazette served, and prints
# RATIO lines and whether the targets hold. Everything on 127.0.0.1; temp folders and
# processes are removed on exit. Needs nginx, wrk, curl, python3, cargo.
#
# Environment: STORIES (corpus size, default 10000, shrink it while debugging),
# BUILD_TIMEOUT / INGEST_TIMEOUT (seconds, default 1800 each).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
PEERS_DIR="$ROOT/../shared/bench"
. "$PEERS_DIR/common.sh"
. "$HERE/build.sh"
RUNS=${1:-3}; SECS=${2:-10}
STORIES=${STORIES:-10000}
BUILD_TIMEOUT=${BUILD_TIMEOUT:-1800}; INGEST_TIMEOUT=${INGEST_TIMEOUT:-1800}
need nginx nginx; need wrk wrk; need curl curl; need python3 python3; need timeout coreutils
command -v cargo >/dev/null || { echo "missing cargo (https://rustup.rs)" >&2; exit 1; }

TMP=$(mktemp -d -t gazette-bench.XXXXXX)
chmod 711 "$TMP"   # nginx workers (another user) must reach the peers' folder below
GAZ_PID= CHILD=
cleanup() {
  local p
  for p in $CHILD $GAZ_PID; do kill "$p" 2>/dev/null || true; done
  # nginx-static.sh keeps its nginx master's pid under $TMP/peers; stop it if that script was cut short.
  for p in "$TMP"/peers/*/nginx.pid; do [ -s "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; done
  sleep 0.3
  [ -n "$GAZ_PID" ] && kill -9 "$GAZ_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM

# field_of KEY LINE: the median (before "[") of KEY=… in a RESULT line
field_of() { printf '%s\n' "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1==k {sub(/\[.*/, "", $2); print $2}'; }

echo "machine: $(nproc) cores, load average at start:$(uptime | sed 's/.*load average://')"
echo "settings: RUNS=$RUNS SECONDS=$SECS STORIES=$STORIES"

# 1. Build.
build_gazette "$ROOT" "$BUILD_TIMEOUT"

# 2. Corpus and ingest.
t0=$(now)
TARGET_REL=$(python3 "$HERE/make_stories.py" "$TMP/stories" "$STORIES" 2> "$TMP/make.log")
echo "corpus: $(cat "$TMP/make.log"), generated in $(since "$t0") s"
t0=$(now)
rc=0
(cd "$TMP" && exec timeout "$INGEST_TIMEOUT" "$BIN" ingest --data "$TMP/data" --json "$TMP/stories") \
  > "$TMP/ingest.jsonl" 2> "$TMP/ingest.log" &
CHILD=$!; wait "$CHILD" || rc=$?; CHILD=
INGEST_S=$(since "$t0")
[ "$rc" = 124 ] && { echo "ingest did not finish within ${INGEST_TIMEOUT} s" >&2; exit 1; }
INGEST=$(python3 - "$TMP/ingest.jsonl" "$TARGET_REL" "$INGEST_S" "$rc" <<'PY'
import collections, json, sys
path, target, secs, rc = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
reports = [json.loads(l) for l in open(path) if l.strip()]
count = collections.Counter(r["status"] for r in reports)
for r in [r for r in reports if r["status"] == "rejected"][:5]:
    print(f"  rejected: {r['path']}: {r['error']}", file=sys.stderr)
url = next((r["url"] for r in reports if r["path"].endswith("/" + target) and r.get("url")), "")
done = count["published"] + count["updated"]
print(f"url={url} stories={len(reports)} published={count['published']} updated={count['updated']} "
      f"unchanged={count['unchanged']} rejected={count['rejected']} exit={rc} seconds={secs:.1f} "
      f"stories_per_s={done / secs if secs else 0:.0f}")
PY
)
URL=$(field_of url "$INGEST")
echo "RESULT gazette ingest ${INGEST#url=* } data_folder=$(du -sk "$TMP/data" | cut -f1)kB"
if [ -z "$URL" ]; then
  echo "the benchmark story ($TARGET_REL) was not published; ingest stderr:" >&2; tail -20 "$TMP/ingest.log" >&2; exit 1
fi

# 3. Serve and warm up.
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
(cd "$TMP" && exec "$BIN" serve --data "$TMP/data" --addr "127.0.0.1:$PORT") > "$TMP/serve.log" 2>&1 &
GAZ_PID=$!
t0=$(now)
for _ in $(seq 1 600); do
  curl -s -o /dev/null "$BASE/healthz" && break
  kill -0 "$GAZ_PID" 2>/dev/null || { echo "gazette serve exited:" >&2; tail -20 "$TMP/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ "$(curl -s "$BASE/healthz")" = ok ] || { echo "no ok from $BASE/healthz" >&2; tail -20 "$TMP/serve.log" >&2; exit 1; }
echo "serve: $BASE ready in $(since "$t0") s ($(grep -c . "$TMP/serve.log") log lines so far)"
t0=$(now)
curl -sf -o "$TMP/article.html" "$BASE$URL"
echo "warm-up: article $URL $(stat -c %s "$TMP/article.html") bytes in $(since "$t0") s"
t0=$(now)
curl -sf -o "$TMP/front.html" "$BASE/"
echo "warm-up: front page $(stat -c %s "$TMP/front.html") bytes in $(since "$t0") s"
for enc in gzip br; do
  curl -sf -H "Accept-Encoding: $enc" -D "$TMP/h.txt" -o "$TMP/a.$enc" "$BASE$URL"
  got=$(tr -d '\r' < "$TMP/h.txt" | awk -F': ' 'tolower($1)=="content-encoding"{print $2}')
  echo "article with Accept-Encoding: $enc -> ${got:-none}, $(stat -c %s "$TMP/a.$enc") bytes"
done

# 4. Load.
declare -A RES
for v in "article_identity $URL" "article_gzip $URL" "front_identity /"; do
  set -- $v; name=$1; path=$2; hdr=()
  [ "$name" = article_gzip ] && hdr=(-H "Accept-Encoding: gzip")
  size=$(curl -s "${hdr[@]}" -o /dev/null -w '%{size_download}' "$BASE$path")
  enc=$(curl -s "${hdr[@]}" -D - -o /dev/null "$BASE$path" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-encoding"{print $2}')
  lines=""
  for r in $(seq 1 "$RUNS"); do
    timeout $((SECS + 30)) wrk -t2 -c64 -d"${SECS}s" --latency "${hdr[@]}" "$BASE$path" > "$TMP/wrk.txt"
    s=$(wrk_summary "$TMP/wrk.txt"); echo "  $name run $r: $s"; lines+="$s"$'\n'
  done
  RES[$name]="RESULT gazette $name body=${size}B encoding=${enc:-none} rps_median=$(printf %s "$lines" | median_of rps) p50_ms_median=$(printf %s "$lines" | median_of p50_ms) p99_ms_median=$(printf %s "$lines" | median_of p99_ms)"
  echo "${RES[$name]}"
done

# 5. Memory after the load, with the whole corpus in the store.
kill -0 "$GAZ_PID" 2>/dev/null || { echo "gazette serve died during the load:" >&2; tail -20 "$TMP/serve.log" >&2; exit 1; }
RSS_KB=$(peak_rss_kb "$GAZ_PID")
echo "RESULT gazette peak_rss_kb=$RSS_KB rss_now_kb=$(awk '/^VmRSS:/ {print $2}' /proc/$GAZ_PID/status) threads=$(awk '/^Threads:/ {print $2}' /proc/$GAZ_PID/status) stories=$STORIES serve_log_lines=$(grep -c . "$TMP/serve.log")"

# 6. A crawl: every article once in each encoding (as search engines and archivers fetch a
# site), 16 at a time, so the page cache fills and turns over and every compressed form is
# made once. Memory must stay under the target through it.
python3 - "$TMP/ingest.jsonl" "$BASE" > "$TMP/crawl.cfg" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    url = json.loads(line).get("url")
    if url:
        print(f"url = {sys.argv[2]}{url}\noutput = /dev/null")
PY
CRAWLED=$(grep -c '^url' "$TMP/crawl.cfg")
CRAWL_OK=1
for enc in identity gzip br; do
  t0=$(now)
  rc=0
  timeout 600 curl -s --no-progress-meter -Z --parallel-max 16 -H "Accept-Encoding: $enc" \
    -K "$TMP/crawl.cfg" -w '%{http_code}\n' > "$TMP/crawl.codes" || rc=$?
  secs=$(since "$t0")
  [ "$rc" = 0 ] || { echo "crawl ($enc): curl ended with exit code $rc (124: over 600 s)" >&2; CRAWL_OK=0; }
  codes=$(sort "$TMP/crawl.codes" | uniq -c | awk '{printf "%s%s=%s", sep, $2, $1; sep=","}')
  [ "$codes" = "200=$CRAWLED" ] || CRAWL_OK=0
  echo "RESULT gazette crawl encoding=$enc pages=$CRAWLED seconds=$secs pages_per_s=$(python3 -c "print(f'{$CRAWLED / max($secs, 0.1):.0f}')") statuses=$codes rss_kb=$(awk '/^VmRSS:/ {print $2}' /proc/$GAZ_PID/status) peak_rss_kb=$(peak_rss_kb "$GAZ_PID")"
done
CRAWL_RSS_KB=$(peak_rss_kb "$GAZ_PID")

# 7. Stop gazette, then the nginx baseline on the page gazette rendered.
kill "$GAZ_PID"
for _ in $(seq 1 50); do kill -0 "$GAZ_PID" 2>/dev/null || break; sleep 0.1; done
kill -9 "$GAZ_PID" 2>/dev/null || true; wait "$GAZ_PID" 2>/dev/null || true; GAZ_PID=
echo "---- nginx-static.sh $RUNS $SECS (ARTICLE_HTML = the article page gazette served) ----"
mkdir -p "$TMP/peers"; chmod 711 "$TMP/peers"
rc=0
ARTICLE_HTML="$TMP/article.html" TMPDIR="$TMP/peers" timeout $((RUNS * 3 * (SECS + 20) + 60)) \
  bash "$PEERS_DIR/nginx-static.sh" "$RUNS" "$SECS" > "$TMP/nginx.out" 2>&1 &
CHILD=$!; wait "$CHILD" || rc=$?; CHILD=
cat "$TMP/nginx.out"
[ "$rc" = 0 ] || { echo "nginx-static.sh failed (exit $rc)" >&2; exit 1; }
echo "----"
NGX_ID=$(grep '^RESULT nginx identity ' "$TMP/nginx.out")
NGX_GS=$(grep '^RESULT nginx gzip_static ' "$TMP/nginx.out")

python3 - "$(field_of rps_median "${RES[article_identity]}")" "$(field_of p99_ms_median "${RES[article_identity]}")" \
  "$(field_of rps_median "$NGX_ID")" "$(field_of p99_ms_median "$NGX_ID")" \
  "$(field_of rps_median "${RES[article_gzip]}")" "$(field_of p99_ms_median "${RES[article_gzip]}")" \
  "$(field_of rps_median "$NGX_GS")" "$(field_of p99_ms_median "$NGX_GS")" \
  "$(field_of p99_ms_median "${RES[front_identity]}")" "$RSS_KB" "$CRAWL_RSS_KB" "$CRAWL_OK" <<'PY'
import sys
g_id, g_id99, n_id, n_id99, g_gz, g_gz99, n_gs, n_gs99, f99, rss, crawl, crawl_ok = map(float, sys.argv[1:])
r_id, r_gz = g_id / n_id, g_gz / n_gs
print(f"RATIO article_identity gazette/nginx = {r_id:.2f} (rps {g_id:g} vs {n_id:g}; p99 {g_id99:g} ms vs {n_id99:g} ms)")
print(f"RATIO article_gzip gazette/nginx_gzip_static = {r_gz:.2f} (rps {g_gz:g} vs {n_gs:g}; p99 {g_gz99:g} ms vs {n_gs99:g} ms)")
ok = lambda c: "PASS" if c else "FAIL"
print(f"TARGET article_identity rps >= 0.8 x nginx static: {r_id:.2f} {ok(r_id >= 0.8)}")
print(f"TARGET article_gzip rps >= 0.8 x nginx gzip_static: {r_gz:.2f} {ok(r_gz >= 0.8)}")
for name, v in [("article_identity", g_id99), ("article_gzip", g_gz99), ("front_identity", f99)]:
    print(f"TARGET {name} p99 < 5 ms: {v:g} ms {ok(v < 5)}")
print(f"TARGET peak RSS < 50 MiB (51200 kB): {rss:.0f} kB = {rss / 1024:.1f} MiB {ok(rss < 51200)}")
print(f"TARGET every crawled page answered 200: {ok(crawl_ok == 1)}")
print(f"TARGET peak RSS after the crawl < 50 MiB (51200 kB): {crawl:.0f} kB = {crawl / 1024:.1f} MiB {ok(crawl < 51200)}")
PY
echo "load average at end:$(uptime | sed 's/.*load average://')"
