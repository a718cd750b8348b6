#!/usr/bin/env bash
# Real-browser test of the Gazette site: Debian's Chromium driven by
# playwright-core, checked with axe-core. See site.test.mjs for what it checks.
#
#   bash tests/browser/run.sh
#
# Installs Chromium with apt-get if it is missing, installs the pinned npm
# packages with `npm ci`, builds target/debug/gazette (or
# $CARGO_TARGET_DIR/debug/gazette; GAZETTE_TEST_BIN names another), then runs
# `npm test`.
# Screenshots go to tests/browser/artifacts/ (gitignored).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

fail() {
  echo "tests/browser/run.sh: $*" >&2
  exit 1
}
trap 'echo "tests/browser/run.sh: FAILED at line $LINENO (exit $?)" >&2' ERR

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$chromium_path" ]]; then
  echo "== installing Chromium with apt-get"
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || fail "Chromium is missing and this is not root: apt-get install chromium"
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  [[ -x "$chromium_path" ]] || fail "Chromium is still not at $chromium_path after apt-get install"
fi

command -v node >/dev/null || fail "node is not installed (Node 20 or newer is needed)"
command -v npm >/dev/null || fail "npm is not installed"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
(( node_major >= 20 )) || fail "Node $(node --version) is too old: playwright-core needs Node 20 or newer"

echo "== npm ci (tests/browser)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

if [[ -n "${GAZETTE_TEST_BIN:-}" ]]; then
  bin="$GAZETTE_TEST_BIN"
else
  target_dir="${CARGO_TARGET_DIR:-$repo/target}"
  [[ "$target_dir" = /* ]] || target_dir="$repo/$target_dir"
  bin="$target_dir/debug/gazette"
  # Always build: cargo returns at once when the binary is current, and a stale binary
  # would test old code.
  echo "== cargo build -p gazette"
  (cd "$repo" && cargo build -q -p gazette)
fi
[[ -x "$bin" ]] || fail "the gazette binary is not at $bin"
export GAZETTE_TEST_BIN="$bin"
export CHROMIUM_PATH="$chromium_path"
echo "== testing $bin (built $(date -r "$bin" '+%Y-%m-%d %H:%M:%S'))"

cd "$here"
npm test
