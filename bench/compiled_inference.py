#!/usr/bin/env python3
"""Times compiled qcc libraries side by side, in one process.

Each library is a shared object that `qcc-run --mode=compiled
--save-library=FILE` (or `run_function`) built; they are called through
their packed entry point `qcc_packed_<function>` on the same input arrays,
in interleaved rounds, so two builds of qcc (or two versions of a model)
meet the same machine load. Prints the median time per inference of each
and the ratio to the first, and checks that all outputs are identical.

    bench/compiled_inference.py --function main \\
        --input image.npy --output 1x1000:float32 old=old.so new=new.so

Inputs are in the storage layout (docs/running.md): the arrays qcc-run
reads. --output gives each result's shape and dtype.
"""

import argparse
import ctypes
import statistics
import time

import numpy as np


def descriptor(array):
    """A memref descriptor (allocated, aligned, offset, sizes, strides)."""
    shape = array.shape
    strides = [1] * len(shape)
    for d in range(len(shape) - 2, -1, -1):
        strides[d] = strides[d + 1] * shape[d + 1]
    fields = [array.ctypes.data, array.ctypes.data, 0, *shape, *strides]
    return (ctypes.c_int64 * len(fields))(*fields)


def parse_output(text):
    shape, dtype = text.split(":")
    return tuple(int(d) for d in shape.split("x")), np.dtype(dtype)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--function", required=True)
    parser.add_argument("--input", action="append", required=True)
    parser.add_argument("--output", action="append", required=True,
                        help="SHAPE:DTYPE of each result, e.g. 1x1000:float32")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("libraries", nargs="+", metavar="LABEL=FILE.so")
    args = parser.parse_args()

    inputs = [np.ascontiguousarray(np.load(path)) for path in args.input]
    outputs = [parse_output(text) for text in args.output]
    runs, keep = [], []
    for item in args.libraries:
        label, path = item.split("=", 1)
        library = ctypes.CDLL(path, mode=ctypes.RTLD_LOCAL)
        entry = getattr(library, f"qcc_packed_{args.function}")
        entry.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        results = [np.zeros(shape, dtype) for shape, dtype in outputs]
        descriptors = [descriptor(a) for a in inputs + results]
        pointers = (ctypes.c_void_p * len(descriptors))(
            *[ctypes.cast(d, ctypes.c_void_p) for d in descriptors])
        # `pointers` holds bare addresses: the descriptors must stay alive.
        keep.append(descriptors)
        runs.append((label, entry, pointers, results, []))

    for label, entry, pointers, results, times in runs:
        entry(pointers)  # warm-up
    for _ in range(args.rounds):
        for label, entry, pointers, results, times in runs:
            start = time.perf_counter()
            entry(pointers)
            times.append(time.perf_counter() - start)

    first = runs[0]
    base = statistics.median(first[4])
    for label, entry, pointers, results, times in runs:
        same = all(np.array_equal(a.view(np.uint8), b.view(np.uint8))
                   for a, b in zip(results, first[3]))
        median = statistics.median(times)
        print(f"{label:>12}: {median * 1e3:9.2f} ms per inference (median of "
              f"{len(times)}), {base / median:6.2f}x vs {first[0]}, "
              f"outputs {'identical' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
