#!/usr/bin/env python3
"""Extract an AWS service model from the botocore that python3 ships, without documentation prose.

Usage: extract.py SERVICE API_VERSION OUT.json   e.g. extract.py ecs 2014-11-13 api-models/ecs.json
Keeps operations (name, input/output with the Query protocol's resultWrapper, errors), shapes
(type, members, required, enum, min, max, pattern, list/map members), what the Query and EC2
protocols name and nest on the wire (locationName, queryName, flattened, xmlAttribute,
xmlNamespace, on shapes and on the references to them) and metadata (with protocol(s), apiVersion
and xmlNamespace); drops documentation, examples and other prose.
"""
import gzip
import json
import os
import sys

import botocore

# How the Query and EC2 protocols name, nest and flatten a value (botocore's "serialization").
WIRE = {"locationName", "queryName", "flattened", "xmlAttribute", "xmlNamespace", "timestampFormat"}
KEEP_SHAPE = {"type", "members", "required", "enum", "min", "max", "pattern", "member", "key",
              "value", "exception", "error", "box", "union"} | WIRE
KEEP_MEMBER = {"shape", "idempotencyToken", "box"} | WIRE
KEEP_OP = {"name", "input", "output", "errors"}
KEEP_META = {"apiVersion", "endpointPrefix", "jsonVersion", "protocol", "protocols", "serviceId",
             "signingName", "targetPrefix", "uid", "serviceFullName", "xmlNamespace"}


def slim_shape(shape):
    out = {k: v for k, v in shape.items() if k in KEEP_SHAPE}
    if "members" in out:
        out["members"] = {n: {k: v for k, v in m.items() if k in KEEP_MEMBER}
                          for n, m in out["members"].items()}
    for key in ("member", "key", "value"):
        if key in out:
            out[key] = {k: v for k, v in out[key].items() if k in KEEP_MEMBER}
    return out


def main():
    service, version, out_path = sys.argv[1:4]
    src = os.path.join(os.path.dirname(botocore.__file__), "data", service, version,
                       "service-2.json.gz")
    with gzip.open(src) as f:
        model = json.load(f)
    slim = {
        "botocoreVersion": botocore.__version__,
        "metadata": {k: v for k, v in model["metadata"].items() if k in KEEP_META},
        "operations": {n: {k: v for k, v in op.items() if k in KEEP_OP}
                       for n, op in model["operations"].items()},
        "shapes": {n: slim_shape(s) for n, s in model["shapes"].items()},
    }
    with open(out_path, "w") as f:
        json.dump(slim, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
