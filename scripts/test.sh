#!/usr/bin/env bash
# The test command: makes sure the machine has what qcc needs (bootstrap is
# idempotent and quick when nothing is missing), builds, and runs the whole
# lit suite (regression tests and GoogleTest unit tests) through check-qcc,
# then the Python tests (pytest, test/python).
# Ends with a "N passed, N failed" line.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${QCC_BUILD_DIR:-$repo/build}"

"$repo/scripts/bootstrap.sh" || exit 1
"$repo/scripts/build.sh" || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
LIT_OPTS="${LIT_OPTS:--sv}" cmake --build "$build" --target check-qcc 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# lit's summary lines look like "  Passed: 120 (98.36%)".
count() { sed -nE "s/^ *$1 *: *([0-9]+).*/\\1/p" "$log" | tail -n 1; }
passed=$(count Passed)
failed=0
for kind in Failed Unresolved "Timed Out" XPASS; do
  n=$(count "$kind")
  failed=$((failed + ${n:-0}))
done
skipped=$(( $(count Unsupported || true) + 0 ))
if [ -z "$passed" ] && [ "$status" -ne 0 ]; then
  passed=0
  failed=$((failed + 1))
fi

# The Python package (importers, bindings, reports) under pytest, with the
# interpreter that sees Debian's torch/onnx and .venv's PyPI packages.
pylog=$(mktemp)
trap 'rm -f "$log" "$pylog"' EXIT
PYTHONPATH="$build/python" "$repo/.venv/bin/python" -m pytest -q -rs \
  -p no:cacheprovider "$repo/test/python" 2>&1 | tee "$pylog"
pystatus=${PIPESTATUS[0]}
# pytest's summary: "3 failed, 57 passed, 1 skipped in 9.1s".
pycount() { grep -oE "[0-9]+ $1" "$pylog" | tail -n 1 | cut -d' ' -f1; }
passed=$((passed + $(pycount passed || true) + 0))
failed=$((failed + $(pycount failed || true) + $(pycount error || true) + 0))
skipped=$((skipped + $(pycount skipped || true) + 0))
if [ "$pystatus" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # pytest could not run (collection error, no tests)
fi

echo "${passed} passed, $failed failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$pystatus" -ne 0 ]; then
  exit 1
fi
