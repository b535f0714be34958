"""The anchors of scripts/gpu-check.sh, on the device: int8 GEMMs through
cuBLASLt (torch._int_mm, s8 x s8 -> s32) at 1024^3, 4096^3, 8192^3, median
of rounds, in GOPS (2 * m * n * k / time), and torchvision's MobileNetV2 in
fp16 channels-last at batch 1 and 64 (when torchvision is there). Prints
one line per measurement ("anchor gemm N: X ms, Y GOPS"). Needs PyTorch
with CUDA."""

import statistics
import sys

import torch


def timed(fn, rounds=10):
    start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(rounds):
        start.record()
        fn()
        stop.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(stop))
    return statistics.median(times)


def main():
    if not torch.cuda.is_available():
        sys.exit("torch_anchor: no CUDA device")
    for n in (1024, 4096, 8192):
        a = torch.randint(-128, 128, (n, n), dtype=torch.int8, device="cuda")
        b = torch.randint(-128, 128, (n, n), dtype=torch.int8, device="cuda")
        ms = timed(lambda: torch._int_mm(a, b))
        print(f"anchor gemm {n}: {ms:.3f} ms, {2 * n ** 3 / ms / 1e6:.0f} GOPS", flush=True)
    try:
        import torchvision
    except ImportError:
        print("anchor mobilenetv2: no torchvision", flush=True)
        return
    model = torchvision.models.mobilenet_v2().cuda().half().eval()
    model = model.to(memory_format=torch.channels_last)
    with torch.no_grad():
        for batch in (1, 64):
            x = torch.randn(batch, 3, 224, 224, device="cuda").half()
            x = x.to(memory_format=torch.channels_last)
            ms = timed(lambda: model(x))
            print(f"anchor mobilenetv2 fp16 batch {batch}: {ms:.3f} ms", flush=True)


if __name__ == "__main__":
    main()
