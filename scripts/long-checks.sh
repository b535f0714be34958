#!/usr/bin/env bash
# The long checks that do not fit the test command: the random-program
# differential runs of every backend against the reference evaluator, with
# many more cases than scripts/test.sh runs. Needs a build (scripts/build.sh).
#
#   scripts/long-checks.sh [cpu|hls|all]   (default: all)
#
# QCC_DIFF_CASES / QCC_DIFF_SEED size the CPU run (default 10020 cases),
# QCC_HLS_DIFF_CASES / QCC_HLS_DIFF_SEED the HLS C-simulation run (default
# 2016 cases; each compiles with g++ at about a second). The HLS run compiles
# the emitted C++ with -Wall -Wextra -Werror unless QCC_HLS_CXXFLAGS says
# otherwise. docs/running.md and docs/hls.md record the last runs.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${QCC_BUILD_DIR:-$repo/build}"
what="${1:-all}"
pytest=("$repo/.venv/bin/python" -m pytest -q -p no:cacheprovider)
export PYTHONPATH="$build/python"

case "$what" in cpu|hls|all) ;; *)
  echo "usage: $0 [cpu|hls|all]" >&2; exit 2 ;;
esac

if [ "$what" != hls ]; then
  echo "== CPU lowering vs reference: ${QCC_DIFF_CASES:=10020} cases, seed ${QCC_DIFF_SEED:=20261201}"
  QCC_DIFF_CASES=$QCC_DIFF_CASES QCC_DIFF_SEED=$QCC_DIFF_SEED \
    "${pytest[@]}" "$repo/test/python/test_lowering_differential.py"
fi
if [ "$what" != cpu ]; then
  # The headers' own GCC 12 -Wmaybe-uninitialized false positives are
  # silenced; every other warning in the emitted code fails the run.
  : "${QCC_HLS_CXXFLAGS:=-std=c++17 -O1 -ffp-contract=off -Wall -Wextra -Werror -Wno-maybe-uninitialized -Wno-uninitialized}"
  echo "== HLS C-simulation vs reference: ${QCC_HLS_DIFF_CASES:=2016} cases, seed ${QCC_HLS_DIFF_SEED:=5000}"
  echo "   g++ flags: $QCC_HLS_CXXFLAGS"
  QCC_HLS_CXXFLAGS="$QCC_HLS_CXXFLAGS" QCC_HLS_DIFF_CASES=$QCC_HLS_DIFF_CASES \
    QCC_HLS_DIFF_SEED=$QCC_HLS_DIFF_SEED \
    "${pytest[@]}" "$repo/test/python/test_hls_differential.py"
fi
