#!/usr/bin/env bash
# The main job: build qcc, verify the MobileNetV2-shaped 4-bit network with
# qcc-opt, check that no accumulator of it can overflow, print its ACE_v2 cost
# report before and after the PikeLPN rewrites, and import torchvision's
# MobileNetV2. As qcc grows this script grows into the full demo (compiled run).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${QCC_BUILD_DIR:-$repo/build}"

start=$(date +%s)
"$repo/scripts/build.sh"
echo "demo: build finished in $(( $(date +%s) - start )) s"

model="$repo/examples/mobilenetv2/mobilenetv2_4w4a.mlir"
echo "demo: verifying $model"
"$build/bin/qcc-opt" "$model" --qcost-check-accumulators=as-error=true -o /dev/null
echo "demo: parsed, verified, and no accumulator can overflow"
ops=$("$build/bin/qcc-opt" "$model" --mlir-elide-resource-strings-if-larger=16 |
  grep -oE '= qcost\.[a-z_0-9]+' | sed 's/= //' | sort | uniq -c | sort -rn)
echo "demo: qcost ops in the model:"
echo "$ops"
echo "demo: ACE_v2 cost report (docs/cost-model.md explains it):"
"$build/bin/qcc-opt" "$model" --qcost-annotate-cost="report=text top=5" -o /dev/null |
  sed -n '/^Totals/,$p'
echo "demo: after the PikeLPN rewrites (qcost-pikelpn, docs/rewrites.md):"
"$build/bin/qcc-opt" "$model" --qcost-pikelpn --qcost-annotate-cost="report=text top=0" \
  -o /dev/null 2>/dev/null | sed -n '/ace-v2 total/,/quantization (QP)/p'
echo "demo: torchvision MobileNetV2 -> ONNX -> qcost (W4A4), its cost split:"
export PYTHONPATH="$build/python"
"$repo/.venv/bin/python" -m qcc import --torchvision mobilenet_v2 -o "$build/mobilenet_v2.mlir"
"$repo/.venv/bin/python" -m qcc report "$build/mobilenet_v2.mlir" --top 3 | tail -n 6
echo "demo: OK"
