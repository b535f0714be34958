#!/usr/bin/env python3
"""qcc's HLS backend next to hls4ml on the same QONNX models.

  PYTHONPATH=build/python .venv/bin/python bench/hls_peers.py [--json out.json]

For the MLP (16-64-32-32-5) and the small CNN of bench/hls_peers/models.py,
with power-of-two and with arbitrary float scales:
- the QONNX graph executed by qonnx (its own float32 semantics),
- hls4ml 1.3: converted from the QONNX graph, its C-simulation (g++),
- qcc: the graph imported (qcc.import_onnx), the reference evaluator, and the
  emitted HLS C++ in C-simulation (`mode="hls-csim"`),
each on real-valued inputs and on inputs already on the input Quant's grid.
Every output is compared with the graph evaluated in float64 (its real
arithmetic; models.reference_f64) and with qonnx's float32 execution; qcc's
C-sim also with qcc's reference evaluator, bit for bit. Prints the results, the
lines of generated code and qcc's estimates (hls4ml gives latency and
resources only from a Vitis HLS synthesis run) as a markdown table. docs/hls.md
records a run. hls4ml runs in .venv-peers (scripts/bootstrap.sh).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx

import qcc

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "hls_peers"))
import models  # noqa: E402

BUILD = os.environ.get("QCC_BUILD_DIR", os.path.join(REPO, "build"))
PEERS_PYTHON = os.path.join(REPO, ".venv-peers", "bin", "python")
SAMPLES = {"mlp": 1000, "cnn": 100}
SHAPES = {"mlp": (16,), "cnn": (3, 18, 18)}
IO = {"mlp": "io_parallel", "cnn": "io_stream"}


def lines(paths):
    return sum(sum(1 for _ in open(p, errors="replace")) for p in paths)


def hls4ml_files(out_dir):
    fw = os.path.join(out_dir, "firmware")
    generated = [os.path.join(fw, f) for f in ("myproject.cpp", "myproject.h", "defines.h",
                                                "parameters.h")]
    weights = [os.path.join(fw, "weights", f) for f in sorted(os.listdir(os.path.join(fw, "weights")))
               if f.endswith(".h")]
    return generated, weights


def compare(got, exact):
    diff = np.abs(got.astype(np.float64) - exact.astype(np.float64))
    return {"max_abs_diff": float(diff.max()), "differing": int((diff != 0).sum()),
            "elements": int(diff.size)}


def run(kind, scales, work, precision):
    build = getattr(models, kind)
    n = SAMPLES[kind]
    x = np.concatenate([models.inputs(kind, (n // 2,) + SHAPES[kind], scales, on_grid=g)
                        for g in (False, True)])
    onnx.save(build(batch=1, scales=scales), os.path.join(work, "model.onnx"))
    np.save(os.path.join(work, "x.npy"), x)

    # hls4ml (and the QONNX execution) in .venv-peers.
    out_dir = os.path.join(work, "hls4ml")
    peer = subprocess.run([PEERS_PYTHON, os.path.join(HERE, "hls_peers", "hls4ml_side.py"),
                           os.path.join(work, "model.onnx"), os.path.join(work, "x.npy"),
                           out_dir, IO[kind], precision], capture_output=True, text=True, timeout=1200)
    if peer.returncode != 0:
        raise SystemExit(f"hls4ml failed on {kind}:\n{peer.stderr[-3000:]}")
    peer_info = json.loads(peer.stdout.strip().splitlines()[-1])
    exact = np.load(os.path.join(out_dir, "qonnx.npy"))
    theirs = np.load(os.path.join(out_dir, "hls4ml.npy"))

    # qcc: one function over the whole batch (the same weights), so that one
    # C-simulation runs every sample.
    module = qcc.parse(qcc.import_onnx(build(batch=n, scales=scales)))
    xq = x if x.ndim == 2 else np.ascontiguousarray(x.transpose(0, 2, 3, 1))
    (reference,) = module.run_function("main", xq)
    io = IO[kind].removeprefix("io_")
    (csim,) = module.run_function("main", xq, mode="hls-csim", hls={"io": io})
    bit_exact = reference.dtype == csim.dtype and np.array_equal(
        reference.view(np.uint32), csim.view(np.uint32))

    # The design of one sample: emitted code and estimates.
    single = os.path.join(work, "single.mlir")
    with open(single, "w") as f:
        f.write(qcc.import_onnx(build(batch=1, scales=scales)))
    cpp, report = os.path.join(work, "design.cpp"), os.path.join(work, "report.json")
    subprocess.run([os.path.join(BUILD, "bin", "qcc-translate"), "--qcost-to-hlscpp",
                    f"--hls-io={io}", f"--hls-report={report}", single, "-o", cpp], check=True)
    with open(report) as f:
        total = json.load(f)["total"]
    generated, weights = hls4ml_files(out_dir)

    f64 = models.reference_f64(kind, build(batch=n, scales=scales), x)
    half = n // 2
    result = {"model": kind, "scales": scales, "io": io, "samples": n,
              "qcc csim == qcc reference (bits)": bool(bit_exact)}
    for label, part in (("real", slice(0, half)), ("on-grid", slice(half, n))):
        for tool, out in (("hls4ml", theirs), ("qcc", csim)):
            result[f"{tool} vs f64 graph, {label} inputs"] = compare(out[part], f64[part])
            result[f"{tool} vs qonnx, {label} inputs"] = compare(out[part], exact[part])
    result["lines"] = {"qcc": lines([cpp]), "hls4ml": lines(generated),
                       "hls4ml weights": lines(weights)}
    result["qcc estimates"] = total
    result["hls4ml compile_s"] = peer_info["compile_s"]
    return result


def table(results):
    """The side-by-side table docs/hls.md shows."""
    rows = ["| model | scales | inputs | hls4ml vs graph: max abs diff (elements differing) "
            "| qcc vs graph | qcc C-sim = qcc reference |", "|---|---|---|---|---|---|"]
    for r in results:
        for label in ("real", "on-grid"):
            cells = []
            for tool in ("hls4ml", "qcc"):
                c = r[f"{tool} vs f64 graph, {label} inputs"]
                cells.append(f"{c['max_abs_diff']:.3g} ({c['differing']}/{c['elements']})")
            same = "bit for bit" if r["qcc csim == qcc reference (bits)"] else "NO"
            rows.append(f"| {r['model']} | {r['scales']} | {label} | {cells[0]} | {cells[1]} | {same} |")
    rows += ["", "| model | scales | lines: qcc (one .cpp) | hls4ml (firmware, + weights/*.h) "
             "| qcc estimate: LUTs / DSPs / BRAM18K | latency / interval (cycles) |",
             "|---|---|---|---|---|---|"]
    for r in results:
        t, lines_ = r["qcc estimates"], r["lines"]
        rows.append(f"| {r['model']} ({r['io']}) | {r['scales']} | {lines_['qcc']} | "
                    f"{lines_['hls4ml']} + {lines_['hls4ml weights']} | "
                    f"{t['luts']} / {t['dsps']} / {t['bram18k']} | "
                    f"{t['latency_cycles']} / {t['interval_cycles']} |")
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", help="write the results here too")
    parser.add_argument("--hls4ml-precision", default="fixed<16,6>",
                        help="hls4ml's default_precision, for the types the graph's "
                        "Quant nodes do not give (default: hls4ml's fixed<16,6>)")
    args = parser.parse_args()
    if not os.path.exists(PEERS_PYTHON):
        raise SystemExit("no .venv-peers: run scripts/bootstrap.sh")
    results = []
    for kind in ("mlp", "cnn"):
        for scales in ("pot", "float"):
            with tempfile.TemporaryDirectory() as work:
                result = run(kind, scales, work, args.hls4ml_precision)
            results.append(result)
            print(json.dumps(result), flush=True)
    print(table(results))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
