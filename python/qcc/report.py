"""Cost reports as tables and matplotlib figures.

The input is the dict of `Module.cost_report()` (schema "qcc-cost-report/1",
docs/cost-model.md). Figures are written as PNG with matplotlib's Agg backend.
"""

import os

CATEGORIES = (("mac", "MAC"), ("bn", "BN"), ("act", "Act"), ("qp", "QP"),
              ("other", "other"))
COLORS = {"mac": "#4C72B0", "bn": "#DD8452", "act": "#55A868", "qp": "#C44E52",
          "other": "#8C8C8C"}


def _si(value):
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.3f}{suffix}"
    return f"{value:.4g}"


def breakdown(report):
    """{category: share of the total} plus "elementwise"."""
    cost = report["cost"]
    total = cost["total"] or 1.0
    shares = {key: cost[key] / total for key, _ in CATEGORIES}
    shares["elementwise"] = cost["elementwise"] / total
    return shares


def layer_table(report, top=None):
    """Per-op text table (op, location, formats, MACs, cost, share, energy),
    most expensive first when `top` is given, then the totals."""
    rows = report["ops"]
    total = report["cost"]["total"] or 1.0
    if top is not None:
        rows = sorted(rows, key=lambda r: -r["cost"]["total"])[:top]
    lines = [f"{'op':<20} {'location':<28} {'MACs':>10} {report['cost_model']:>12} "
             f"{'share':>7} {'energy pJ':>11}  formats"]
    for row in rows:
        loc = os.path.basename(row["location"])[-28:]
        lines.append(f"{row['op']:<20} {loc:<28} {_si(row['macs']):>10} "
                     f"{_si(row['cost']['total']):>12} {100 * row['cost']['total'] / total:6.2f}% "
                     f"{_si(row['energy_pj']):>11}  {row['formats']}")
    shares = breakdown(report)
    lines.append("")
    lines.append(f"total {report['cost_model']}: {_si(report['cost']['total'])} "
                 f"{report['unit']}, MACs {_si(report['macs'])}, energy "
                 f"{_si(report['energy_pj'])} pJ")
    lines.append("split: " + ", ".join(f"{label} {100 * shares[key]:.2f}%"
                                       for key, label in CATEGORIES)
                 + f" (elementwise {100 * shares['elementwise']:.2f}%)")
    return "\n".join(lines)


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def plot_breakdown(reports, path, title="ACE_v2 by source"):
    """Stacked bars, one per model, of the MAC / BN / Act / QP / other shares
    (the style of PikeLPN's Figure 2). `reports` maps a label to a report."""
    plt = _pyplot()
    labels = list(reports)
    fig, ax = plt.subplots(figsize=(1.6 + 1.4 * len(labels), 4.2))
    bottoms = [0.0] * len(labels)
    for key, label in CATEGORIES:
        shares = [100 * breakdown(reports[name])[key] for name in labels]
        ax.bar(labels, shares, bottom=bottoms, color=COLORS[key], label=label)
        for i, share in enumerate(shares):
            if share >= 4:
                ax.text(i, bottoms[i] + share / 2, f"{share:.0f}%", ha="center",
                        va="center", color="white", fontsize=8)
        bottoms = [b + s for b, s in zip(bottoms, shares)]
    for i, name in enumerate(labels):
        ax.text(i, 101, _si(reports[name]["cost"]["total"]), ha="center",
                va="bottom", fontsize=8)
    ax.set_ylim(0, 110)
    ax.set_ylabel(f"share of {reports[labels[0]]['cost_model']} (%)")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_layers(report, path, top=20):
    """Horizontal bars of the `top` most expensive ops, split by category."""
    plt = _pyplot()
    rows = sorted(report["ops"], key=lambda r: -r["cost"]["total"])[:top][::-1]
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(rows) + 1.2))
    labels = [f"{r['op'].split('.')[-1]} {r['location'].rsplit(':', 2)[-2]}" for r in rows]
    left = [0.0] * len(rows)
    for key, label in CATEGORIES:
        values = [r["cost"][key] for r in rows]
        ax.barh(labels, values, left=left, color=COLORS[key], label=label)
        left = [a + b for a, b in zip(left, values)]
    ax.set_xlabel(f"{report['cost_model']} ({report['unit']})")
    ax.set_title(f"{report['model_name']}: {len(rows)} most expensive ops (label: op line)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_cost_vs_accuracy(points, path, xlabel="ACE_v2 (bit-adders)",
                          ylabel="top-1 accuracy (%)", logx=True):
    """Scatter of (label, cost, accuracy) points, e.g. the variants of a
    network under different quantization configs."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for label, cost, accuracy in points:
        ax.scatter([cost], [accuracy])
        ax.annotate(label, (cost, accuracy), textcoords="offset points",
                    xytext=(4, 4), fontsize=8)
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
