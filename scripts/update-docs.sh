#!/usr/bin/env bash
# Regenerates the dialect and pass docs and copies them into docs/generated/.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${QCC_BUILD_DIR:-$repo/build}"
cmake --build "$build" --target mlir-doc
mkdir -p "$repo/docs/generated"
cp "$build/docs/Dialects/QCostDialect.md" "$build/docs/Passes/QCostPasses.md" \
  "$build/docs/Passes/QCCConversionPasses.md" \
  "$build/docs/Passes/QCCPipelinePasses.md" \
  "$build/docs/Passes/QCCHlsCppPasses.md" \
  "$build/docs/Passes/QCCGpuPasses.md" "$repo/docs/generated/"
echo "updated docs/generated/"
