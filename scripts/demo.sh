#!/usr/bin/env bash
# The main job: build qcc, verify the MobileNetV2-shaped 4-bit network with
# qcc-opt, check that no accumulator of it can overflow, print its ACE_v2 cost
# report before and after the PikeLPN rewrites, run it on a random 224x224
# image with the reference evaluator and compiled for the CPU (the two must
# agree bit for bit, before and after the rewrites), and import torchvision's
# MobileNetV2.
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
echo "demo: running it on a random 224x224 image (seed 0), reference vs compiled:"
work="$build/demo"
mkdir -p "$work"
/usr/bin/python3 -c "import numpy as np; np.save('$work/image.npy', np.random.default_rng(0).uniform(-1, 1, (1, 224, 224, 3)).astype(np.float32))"
"$build/bin/qcc-opt" "$model" --qcost-pikelpn -o "$work/mobilenetv2_pikelpn.mlir" 2>/dev/null
for variant in "$model" "$work/mobilenetv2_pikelpn.mlir"; do
  name=$(basename "$variant" .mlir)
  for mode in reference compiled; do
    start=$(date +%s%N)
    "$build/bin/qcc-run" "$variant" --input="$work/image.npy" --mode=$mode \
      -o "$work/$name.$mode.npy" --quiet
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    printf 'demo: %-26s %-9s %3d.%01d s\n' "$name" "$mode" $((ms / 1000)) $((ms % 1000 / 100))
  done
  /usr/bin/python3 -c "
import numpy as np, sys
ref, cpu = (np.load('$work/$name.%s.npy' % m) for m in ('reference', 'compiled'))
same = int((ref.view(np.uint32) == cpu.view(np.uint32)).sum())
print('demo: %s: compiled == reference for %d of %d logits (bit for bit), top-5 classes %s'
      % ('$name', same, ref.size, np.argsort(-ref[0])[:5].tolist()))
sys.exit(0 if same == ref.size else 1)"
done
echo "demo: torchvision MobileNetV2 -> ONNX -> qcost (W4A4), its cost split:"
export PYTHONPATH="$build/python"
"$repo/.venv/bin/python" -m qcc import --torchvision mobilenet_v2 -o "$build/mobilenet_v2.mlir"
"$repo/.venv/bin/python" -m qcc report "$build/mobilenet_v2.mlir" --top 3 | tail -n 6
echo "demo: OK"
