"""python3 -m qcc: import models into qcost and report their cost."""

import argparse
import json
import sys

EPILOG = """examples:
  python3 -m qcc import model.onnx --config cfg.json -o model.mlir
  python3 -m qcc import --torchvision mobilenet_v2 -o mbv2.mlir
  python3 -m qcc report model.mlir --pipeline qcost-check-accumulators --json
  python3 -m qcc report model.mlir --plot breakdown.png --top 10
"""


def _parser():
    parser = argparse.ArgumentParser(
        prog="python3 -m qcc", description=__doc__, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    imp = sub.add_parser(
        "import", help="ONNX / QONNX model or torchvision architecture -> qcost MLIR",
        description="Import an ONNX model (float, QDQ or QONNX) or a torchvision "
        "architecture into qcost IR, quantized per --config.")
    imp.add_argument("model", nargs="?", help="the .onnx file")
    imp.add_argument("--torchvision", metavar="ARCH",
                     help="export this torchvision architecture instead of reading "
                     "a file (mobilenet_v2, mobilenet_v3_small, mobilenet_v3_large, "
                     "resnet18, resnet50; random weights)")
    imp.add_argument("--resolution", type=int, default=224,
                     help="input resolution of --torchvision (default 224)")
    imp.add_argument("--config", metavar="JSON",
                     help="quantization config (docs/python.md); default W4A4 linear, "
                     "per-channel weights, exact fixed-point accumulators")
    imp.add_argument("--name", default=None,
                     help="name of the generated function (default: the model's)")
    imp.add_argument("-o", "--output", default="-",
                     help="where the MLIR goes ('-' = stdout, the default)")

    rep = sub.add_parser(
        "report", help="cost report of a qcost module (text, JSON, plots)",
        description="Parse and verify a qcost module, optionally run a pass "
        "pipeline on it, and print its cost report.")
    rep.add_argument("module", help="the .mlir file")
    rep.add_argument("--pipeline", default=None,
                     help="qcc-opt pass pipeline to run first, e.g. "
                     "'qcost-check-accumulators{as-error=true}'")
    rep.add_argument("--cost-model", default="ace-v2",
                     help="ace-v2 (default), ace, energy-45nm, bops or fpga-luts")
    rep.add_argument("--json", action="store_true",
                     help="print the JSON report (schema qcc-cost-report/1) instead "
                     "of the table")
    rep.add_argument("--top", type=int, default=None,
                     help="list only the N most expensive ops")
    rep.add_argument("--plot", metavar="PNG",
                     help="also write the MAC/BN/Act/QP breakdown chart to this PNG")
    rep.add_argument("--layers-plot", metavar="PNG",
                     help="also write a chart of the most expensive ops to this PNG")
    return parser


def _write(path, text):
    if path == "-":
        sys.stdout.write(text)
    else:
        with open(path, "w") as f:
            f.write(text)


def main(argv=None):
    args = _parser().parse_args(argv)
    import qcc
    from qcc import report as reports

    try:
        if args.command == "import":
            config = qcc.QuantConfig.from_json(args.config) if args.config else None
            if args.torchvision:
                if args.model:
                    raise qcc.ConfigError("give a model file or --torchvision, not both")
                from qcc.torchvision_models import import_torchvision
                text = import_torchvision(args.torchvision, config, args.resolution)
            elif args.model:
                text = qcc.import_onnx(args.model, config, name=args.name or "main")
            else:
                raise qcc.ConfigError("give a model file or --torchvision ARCH")
            # Verify before writing: an importer bug must not leave bad IR.
            qcc.parse(text, args.output)
            _write(args.output, text)
            if config is not None and config.unused_layer_names():
                print("qcc: warning: config layers naming no node: "
                      + ", ".join(config.unused_layer_names()), file=sys.stderr)
            return 0
        module = qcc.parse_file(args.module)
        if args.pipeline:
            module.run(args.pipeline)
        report = module.cost_report(args.cost_model)
        for warning in module.warnings:
            print(warning, file=sys.stderr)
        if args.json:
            print(json.dumps(report, indent=1))
        else:
            print(reports.layer_table(report, args.top))
        if args.plot:
            reports.plot_breakdown({report["model_name"]: report}, args.plot)
        if args.layers_plot:
            reports.plot_layers(report, args.layers_plot, args.top or 20)
        return 0
    except (qcc.QccError, qcc.ConfigError, qcc.OnnxImportError, ValueError) as e:
        print(f"qcc: error: {e}", file=sys.stderr)
        return 1
