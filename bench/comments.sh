#!/usr/bin/env bash
# Comment benchmark: (a) sustained, durable comment posting with 64 concurrent writers and
# (b) reading a 2,000-comment thread (its first page, JSON and server-rendered), against Isso measured in the same run
# (../shared/bench/isso.sh, same loads, same text generator).
# Usage: bash bench/comments.sh [RUNS] [SECONDS]      (defaults 3 runs of 10 s per operation)
#
# Builds the release binary; serves a fresh data folder (SQLite) on a free 127.0.0.1 port
# with two stories; prefills one with 2,000 comments through the API (prefill_comments.py,
# about 30 % replies); reads that thread's JSON and its article page with
# `wrk -t2 -c64 --latency` (and at -c2, Isso's concurrency); then posts with `wrk -t2 -c64` and ../shared/bench/post.lua as one
# signed-in reader, every body distinct, and checks that every comment answered 201 is in
# the database file. Prints RESULT, RATIO and TARGET lines.
# Needs wrk, curl, python3, sqlite3 (Isso's script), cargo.
#
# Environment: SKIP_ISSO=1 leaves the reference out (then no RATIO lines); BUILD_TIMEOUT.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
. "$ROOT/../shared/bench/common.sh"
. "$HERE/build.sh"
RUNS=${1:-3}; SECS=${2:-10}
BUILD_TIMEOUT=${BUILD_TIMEOUT:-1800}
need wrk wrk; need curl curl; need python3 python3; need sqlite3 sqlite3

TMP=$(mktemp -d -t gazette-comments-bench.XXXXXX)
GAZ_PID=
cleanup() {
  [ -n "$GAZ_PID" ] && kill "$GAZ_PID" 2>/dev/null && wait "$GAZ_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM

echo "machine: $(nproc) cores, load average at start:$(uptime | sed 's/.*load average://')"
build_gazette "$ROOT" "$BUILD_TIMEOUT"

# A fresh site with two stories: one to read a long thread of, one to post to.
python3 "$HERE/make_stories.py" "$TMP/seed" 2 > /dev/null 2>&1
PORT=$(free_port); BASE="http://127.0.0.1:$PORT"
(cd "$TMP" && exec "$BIN" serve --data "$TMP/data" --addr "127.0.0.1:$PORT" --no-rate-limits) > "$TMP/serve.log" 2>&1 &
GAZ_PID=$!
wait_http "$BASE/healthz" 300 || { tail -20 "$TMP/serve.log" >&2; exit 1; }
"$BIN" ingest --data "$TMP/data" --json "$TMP/seed" > "$TMP/seed.jsonl" 2> /dev/null
mapfile -t STORIES < <(python3 -c 'import json, sys; [print(json.loads(l)["id"], json.loads(l)["url"]) for l in open(sys.argv[1])]' "$TMP/seed.jsonl")
[ "${#STORIES[@]}" = 2 ] || { echo "expected two stories, got: $(cat "$TMP/seed.jsonl")" >&2; exit 1; }
read -r READ_STORY READ_PAGE <<<"${STORIES[0]}"
read -r POST_STORY _ <<<"${STORIES[1]}"
echo "gazette: $BASE, $(python3 "$HERE/prefill_comments.py" "$BASE" "$READ_STORY" 2000)"

# (b) reading the 2,000-comment thread: its JSON and the article page with its first page
# of comments, server-rendered (both a page of 100 top-level comments with their replies).
read_load() { # NAME URL
  local name=$1 url=$2 size c r s lines
  size=$(curl -s -o /dev/null -w '%{size_download}' "$url")
  for c in 64 2; do
    lines=""
    for r in $(seq 1 "$RUNS"); do
      wrk -t2 -c$c -d"${SECS}s" --timeout 30s --latency "$url" > "$TMP/wrk.txt"
      s=$(wrk_summary "$TMP/wrk.txt"); echo "  $name c$c run $r: $s"; lines+="$s"$'\n'
    done
    printf -v "${name}_C$c" '%s' "$lines"
    echo "RESULT gazette read2000_$name c$c body=${size}B rps_median=$(printf %s "$lines" | median_of rps) p50_ms_median=$(printf %s "$lines" | median_of p50_ms) p99_ms_median=$(printf %s "$lines" | median_of p99_ms)"
  done
}
JSON_URL="$BASE/api/v1/articles/$READ_STORY/comments"
curl -s "$JSON_URL" > "$TMP/thread.json"
python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print('  thread JSON: count', d['count'], 'pages', d['pages'], 'on page 1:', len(d['comments']), 'of which replies', sum(1 for c in d['comments'] if c['parent_id']))" "$TMP/thread.json"
read_load json "$JSON_URL"
read_load html "$BASE$READ_PAGE"

# (a) sustained posting as one signed-in reader.
COOKIE=$(curl -s -D - -o /dev/null -H "Origin: $BASE" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.org","password":"correct horse battery","name":"Bench Reader"}' \
  "$BASE/api/v1/auth/signup" | awk -F'[ ;]' 'tolower($1) == "set-cookie:" {print $2}')
[ -n "$COOKIE" ] || { echo "sign-up gave no session cookie" >&2; exit 1; }
export HEADERS="Cookie: $COOKIE"$'\n'"Origin: $BASE"
export BODY_FMT='{"body":"Comment %d-%d from a benchmark reader. The *road fund* question deserves a straight answer before the next vote, and the reserve transfer should be explained in plain words (reader %d, take %d)."}'
DB=$TMP/data/gazette.sqlite
POST_LINES=""
for r in $(seq 1 "$RUNS"); do
  ACK_FILE=$TMP/acked.txt wrk -t2 -c64 -d"${SECS}s" --timeout 30s --latency -s "$PEERS/post.lua" \
    "$BASE/api/v1/articles/$POST_STORY/comments" > "$TMP/wrk.txt"
  sleep 1
  n201=$(awk '/^status 201:/ {print $3}' "$TMP/wrk.txt"); n201=${n201:-0}
  others=$(grep '^status ' "$TMP/wrk.txt" | grep -v '^status 201:' | tr '\n' ' ' || true)
  missing=$(python3 - "$DB" "$TMP/acked.txt" <<'PY'
import sqlite3, sys
ids = [l.strip() for l in open(sys.argv[2]) if l.strip()]
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
have = {r[0] for r in db.execute("SELECT id FROM comments")}
print(sum(1 for i in ids if i not in have))
PY
)
  s=$(wrk_summary "$TMP/wrk.txt")
  acked_ps=$(python3 -c "print(f'{$n201 / $SECS:.0f}')")
  echo "  post run $r: $s acked_201=$n201 acked_per_s=$acked_ps acked_missing_on_disk=$missing ${others:+other_statuses: $others}"
  POST_LINES+="$s acked_per_s=$acked_ps"$'\n'
done
POSTS=$(printf %s "$POST_LINES" | median_of acked_per_s)
echo "RESULT gazette post c64 acked_per_s_median=$POSTS p50_ms_median=$(printf %s "$POST_LINES" | median_of p50_ms) p99_ms_median=$(printf %s "$POST_LINES" | median_of p99_ms)"
echo "RESULT gazette peak_rss_kb=$(peak_rss_kb "$GAZ_PID")"
kill "$GAZ_PID"; wait "$GAZ_PID" 2>/dev/null || true; GAZ_PID=

value() { printf %s "$1" | sed 's/\[.*//'; }
python3 -c "import sys; p = float(sys.argv[1]); print(f'TARGET posts/s >= 5000: {p:g} ' + ('PASS' if p >= 5000 else 'FAIL'))" "$(value "$POSTS")"
for name in json html; do
  lines=${name}_C64
  p99=$(value "$(printf %s "${!lines}" | median_of p99_ms)")
  python3 -c "import sys; p = float(sys.argv[2]); print(f'TARGET read2000 {sys.argv[1]} p99 < 10 ms at c64: {p:g} ms ' + ('PASS' if p < 10 else 'FAIL'))" "$name" "$p99"
done

if [ "${SKIP_ISSO:-0}" = 1 ]; then
  echo "isso: SKIPPED (SKIP_ISSO=1), no ratios"
  exit 0
fi
echo "== reference: ../shared/bench/isso.sh $RUNS $SECS"
# The posting load of ours set BODY_FMT and HEADERS for post.lua; Isso takes its own.
env -u BODY_FMT -u HEADERS bash "$PEERS/isso.sh" "$RUNS" "$SECS" | tee "$TMP/isso.txt"
field() { grep "^RESULT isso $1" "$TMP/isso.txt" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}' | sed 's/\[.*//'; }
python3 - "$(value "$POSTS")" "$(field post acked_per_s_median)" \
  "$(value "$(printf %s "$json_C2" | median_of rps)")" "$(value "$(printf %s "$html_C2" | median_of rps)")" \
  "$(field read2000 rps_median)" <<'PY'
import sys
ours_post, isso_post, ours_json, ours_html, isso_read = map(float, sys.argv[1:])
print(f"RATIO posts/s gazette/isso = {ours_post:g}/{isso_post:g} = {ours_post / isso_post:.1f}")
# Isso answers with the whole thread; Gazette with its first page (100 top-level comments).
print(f"RATIO read2000 rps at c2, first page JSON / Isso's whole thread = {ours_json:g}/{isso_read:g} = {ours_json / isso_read:.0f}")
print(f"RATIO read2000 rps at c2, server-rendered page / Isso's whole thread = {ours_html:g}/{isso_read:g} = {ours_html / isso_read:.0f}")
PY
