"""Merges OCDS releases with the reference implementation (ocdsmerge, PyPI), to produce the expected compiled and
versioned releases that libs/open-data's merge is tested against (merge/fixtures/reference-merge.json).

    pip install ocdsmerge==0.8.0
    python scripts/ocds/reference-merge.py inputs.json > libs/open-data/src/ocds/merge/fixtures/reference-merge.json

inputs.json: {"schema": <release schema with the extension applied>, "cases": {name: [release, ...]}}.
"""
import json
import sys

import ocdsmerge

with open(sys.argv[1]) as f:
    inputs = json.load(f)
merger = ocdsmerge.Merger(inputs["schema"])
out = {"generatedBy": "ocdsmerge " + __import__("importlib.metadata").metadata.version("ocdsmerge"), "cases": {}}
for name, releases in inputs["cases"].items():
    out["cases"][name] = {
        "releases": releases,
        "compiledRelease": merger.create_compiled_release(releases),
        "versionedRelease": merger.create_versioned_release(releases),
    }
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
