"""Per-layer quantization configuration (JSON), QKeras-like.

    {
      "weight":     {"quantizer": "linear", "bits": 4, "granularity": "channel",
                     "scale_format": "f32"},
      "activation": {"quantizer": "linear", "bits": 4, "scale_format": "f32"},
      "accumulator": "auto",
      "layers": {
        "kind:depthwise": {"weight": {"bits": 8}},
        "kind:pointwise": {"weight": {"quantizer": "pot", "bits": 4}},
        "/features/features.0/features.0.0/Conv": {"activation": {"bits": 8}}
      },
      "calibration": {"samples": 2, "seed": 0}
    }

A layer (an ONNX Conv, Gemm or MatMul node) takes the defaults, then the
entry of its kind ("kind:conv", "kind:depthwise", "kind:pointwise",
"kind:dense"), then the entry of its node name. docs/python.md lists every
field.
"""

import copy
import json
import re

QUANTIZERS = ("linear", "pot", "binary", "minifloat", "float")
GRANULARITIES = ("tensor", "channel")
SCALE_FORMATS = ("f32", "f16", "pot")
KINDS = ("conv", "depthwise", "pointwise", "dense")

DEFAULTS = {
    "weight": {"quantizer": "linear", "bits": 4, "granularity": "channel",
               "scale_format": "f32", "format": "float<4, 3>"},
    "activation": {"quantizer": "linear", "bits": 4, "scale_format": "f32",
                   "format": "float<4, 3>"},
    "accumulator": "auto",
}
CALIBRATION_DEFAULTS = {"samples": 2, "seed": 0}


class ConfigError(ValueError):
    """A configuration field is unknown or has a value outside its range;
    the message names the field by its path."""


def _check_quantizer(path, spec):
    if not isinstance(spec, dict):
        raise ConfigError(f"{path}: expected an object, got {spec!r}")
    known = ("quantizer", "bits", "granularity", "scale_format", "format")
    for key in spec:
        if key not in known:
            raise ConfigError(f"{path}.{key}: unknown field; expected one of "
                              + ", ".join(known))
    if "quantizer" in spec and spec["quantizer"] not in QUANTIZERS:
        raise ConfigError(f"{path}.quantizer: {spec['quantizer']!r} is not one of "
                          + ", ".join(QUANTIZERS))
    if "bits" in spec:
        bits = spec["bits"]
        if not isinstance(bits, int) or isinstance(bits, bool) or not 1 <= bits <= 16:
            raise ConfigError(f"{path}.bits: {bits!r} is not an integer in [1, 16]")
    if "granularity" in spec and spec["granularity"] not in GRANULARITIES:
        raise ConfigError(f"{path}.granularity: {spec['granularity']!r} is not one of "
                          + ", ".join(GRANULARITIES))
    if "scale_format" in spec and spec["scale_format"] not in SCALE_FORMATS:
        raise ConfigError(f"{path}.scale_format: {spec['scale_format']!r} is not one of "
                          + ", ".join(SCALE_FORMATS))
    if "format" in spec and not re.fullmatch(r"float<\s*\d+\s*,\s*\d+[^>]*>",
                                             str(spec["format"])):
        raise ConfigError(f"{path}.format: {spec['format']!r} is not a minifloat "
                          "spelling such as 'float<4, 3>' or 'float<5, 2, cfg = 5>'")


def _check_accumulator(path, value):
    if value == "auto" or value == "f32":
        return
    if not isinstance(value, str) or not re.fullmatch(
            r"(u?fixed<\s*\d+\s*,\s*-?\d+\s*>|float<[^>]+>)", value):
        raise ConfigError(f"{path}: {value!r} is not 'auto', 'f32' or a qcost "
                          "format such as 'fixed<32, 0>' or 'float<6, 5>'")


def _check_layer(path, entry):
    if not isinstance(entry, dict):
        raise ConfigError(f"{path}: expected an object, got {entry!r}")
    for key, value in entry.items():
        if key in ("weight", "activation"):
            _check_quantizer(f"{path}.{key}", value)
        elif key == "accumulator":
            _check_accumulator(f"{path}.{key}", value)
        else:
            raise ConfigError(f"{path}.{key}: unknown field; expected weight, "
                              "activation or accumulator")


class QuantConfig:
    """A validated configuration; `for_layer` resolves one layer's settings."""

    def __init__(self, data=None):
        data = {} if data is None else data
        if not isinstance(data, dict):
            raise ConfigError(f"config: expected an object, got {data!r}")
        for key in data:
            if key not in ("weight", "activation", "accumulator", "layers",
                           "calibration"):
                raise ConfigError(f"{key}: unknown field; expected weight, "
                                  "activation, accumulator, layers or calibration")
        _check_layer("config", {k: v for k, v in data.items()
                                if k in ("weight", "activation", "accumulator")})
        layers = data.get("layers", {})
        if not isinstance(layers, dict):
            raise ConfigError(f"layers: expected an object, got {layers!r}")
        for key, entry in layers.items():
            if key.startswith("kind:") and key[5:] not in KINDS:
                raise ConfigError(f"layers.{key}: unknown kind {key[5:]!r}; "
                                  "expected " + ", ".join(KINDS))
            _check_layer(f"layers.{key}", entry)
        calibration = data.get("calibration", {})
        for key, value in calibration.items():
            if key not in CALIBRATION_DEFAULTS:
                raise ConfigError(f"calibration.{key}: unknown field; expected "
                                  "samples or seed")
            if not isinstance(value, int) or value < (1 if key == "samples" else 0):
                raise ConfigError(f"calibration.{key}: {value!r} is not a "
                                  f"{'positive' if key == 'samples' else 'non-negative'} integer")
        self.data = data
        self.layers = layers
        self.calibration = {**CALIBRATION_DEFAULTS, **calibration}
        self.used_layer_keys = set()

    @classmethod
    def from_json(cls, path):
        try:
            with open(path) as f:
                data = json.load(f)
        except OSError as e:
            raise ConfigError(f"{path}: {e.strerror}") from e
        except json.JSONDecodeError as e:
            raise ConfigError(f"{path}:{e.lineno}:{e.colno}: {e.msg}") from e
        return cls(data)

    def for_layer(self, name, kind):
        """The settings of layer `name` of `kind` (a KINDS entry): a dict with
        "weight", "activation" and "accumulator"."""
        resolved = copy.deepcopy(DEFAULTS)
        entries = [self.data]
        # A pointwise or depthwise conv is a conv too.
        if kind in ("depthwise", "pointwise"):
            entries.append(self.layers.get("kind:conv", {}))
            if "kind:conv" in self.layers:
                self.used_layer_keys.add("kind:conv")
        for key in (f"kind:{kind}", name):
            if key in self.layers:
                self.used_layer_keys.add(key)
                entries.append(self.layers[key])
        for entry in entries:
            for part in ("weight", "activation"):
                resolved[part].update(entry.get(part, {}))
            if "accumulator" in entry:
                resolved["accumulator"] = entry["accumulator"]
        return resolved

    def unused_layer_names(self):
        """Layer keys naming no node of the model (likely typos)."""
        return sorted(k for k in self.layers
                      if not k.startswith("kind:") and k not in self.used_layer_keys)
