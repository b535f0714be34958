"""Checks the JSON cost report's schema and internal consistency."""
import json
import sys

report = json.load(open(sys.argv[1]))
for key in ["schema", "model_name", "cost_model", "unit", "macs", "cost",
            "energy_pj", "memory_energy_pj", "arithmetic_intensity",
            "memory_footprint_bits", "parameter_bits",
            "largest_activation_bits", "ops", "unpriced"]:
    assert key in report, key
cost = report["cost"]
for key in ["total", "mac", "elementwise", "bn", "act", "qp", "other"]:
    assert key in cost, key
close = lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(b))
assert close(cost["mac"] + cost["elementwise"], cost["total"])
assert close(cost["bn"] + cost["act"] + cost["qp"] + cost["other"], cost["elementwise"])
ops = report["ops"]
assert len(ops) == 8, len(ops)
assert sum(op["macs"] for op in ops) == report["macs"] == 27496448
assert close(sum(op["cost"]["total"] for op in ops), cost["total"])
for op in ops:
    assert op["location"].endswith(tuple("0123456789")), op["location"]
    for p in op["primitives"]:
        assert p["kind"] in ("multiply", "add", "shift", "compare")
        assert p["category"] in ("mac", "bn", "act", "qp", "other")
assert report["memory_footprint_bits"] == report["parameter_bits"] + report["largest_activation_bits"]
assert report["unpriced"] == []
