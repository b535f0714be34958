"""The ratios of scripts/gpu-check.sh: reads the log of its run (the
runners' lines, cublaslt-gemm's, bench/gpu/torch_anchor.py's) and prints
qcc's int8 GEMM in TOPS beside cuBLASLt's and torch._int_mm's, and qcc's
MobileNetV2 W8A8 beside PyTorch fp16 channels-last at batch 1 and 64, each
as a ratio (above 1: qcc is faster).

  python3 summarize.py LOG
"""

import re
import sys


def main():
    text = open(sys.argv[1]).read()
    qcc_gemm = {int(n): float(ms) for n, ms in
                re.findall(r"gemm_(\d+)x\d+x\d+: .*?median ([0-9.]+) ms", text)}
    cublaslt = {int(n): float(ms) for n, ms in
                re.findall(r"cublaslt (\d+)\^3: median ([0-9.]+) ms", text)}
    int_mm = {int(n): float(ms) for n, ms in
              re.findall(r"anchor gemm (\d+): ([0-9.]+) ms", text)}
    tops = lambda n, ms: 2 * n ** 3 / (ms * 1e-3) / 1e12
    print("int8 GEMM (s8 x s8 -> s32), TOPS; ratio = qcc / anchor")
    print(f"{'size':>6} {'qcc':>8} {'cuBLASLt':>9} {'ratio':>6} {'_int_mm':>8} {'ratio':>6}")
    for n in sorted(qcc_gemm):
        row = f"{n:>6} {tops(n, qcc_gemm[n]):>8.1f}"
        for anchor in (cublaslt, int_mm):
            if n in anchor:
                row += f" {tops(n, anchor[n]):>8.1f} {anchor[n] / qcc_gemm[n]:>6.2f}"
            else:
                row += f" {'-':>8} {'-':>6}"
        print(row)

    qcc_net = {int(b): float(ms) for b, ms in
               re.findall(r"mobilenet_v2_b(\d+): .*?median ([0-9.]+) ms", text)}
    fp16 = {int(b): float(ms) for b, ms in
            re.findall(r"anchor mobilenetv2 fp16 batch (\d+): ([0-9.]+) ms", text)}
    print("MobileNetV2, ms per batch; ratio = PyTorch fp16 / qcc W8A8 (above 1: qcc faster)")
    for batch in sorted(set(qcc_net) | set(fp16)):
        mine, theirs = qcc_net.get(batch), fp16.get(batch)
        ratio = f"{theirs / mine:.2f}" if mine and theirs else "-"
        print(f"  batch {batch:>3}: qcc {mine if mine else '-'} ms, fp16 "
              f"{theirs if theirs else '-'} ms, ratio {ratio}")


if __name__ == "__main__":
    main()
