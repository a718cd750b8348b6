# Sourced by the benchmarks: timing and the release build they all measure.

now() { date +%s.%N; }
# since START: seconds from START (a `now`) until now
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }

# build_gazette ROOT TIMEOUT: builds the release binary and sets BIN to it
build_gazette() {
  local t0 target
  t0=$(now)
  (cd "$1" && timeout "$2" cargo build --release -p gazette --quiet)
  target=$(cd "$1" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
  BIN="$target/release/gazette"
  [ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 1; }
  echo "build: $BIN ($(stat -c %s "$BIN") bytes), $(since "$t0") s"
}
