#!/usr/bin/env python3
"""Seed corpus for the fuzz targets, from ../shared/corpus: the inputs of
docutils' own parser tests (cases.jsonl), docutils' functional test inputs,
the DataSud pages at HEAD and a share of their historical versions, and the
reference page. Files over 64 KB are left out (libFuzzer mutates small
inputs best). Writes fuzz/seeds/, named by content hash."""
import glob
import hashlib
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "shared")
out = os.path.join(here, "seeds")
os.makedirs(out, exist_ok=True)
n = 0


def put(data: bytes) -> None:
    global n
    if not data or len(data) > 64_000:
        return
    with open(os.path.join(out, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)
    n += 1


with open(os.path.join(shared, "corpus/docutils-cases/cases.jsonl"), encoding="utf-8") as f:
    for line in f:
        case = json.loads(line)
        if isinstance(case.get("input"), str):
            put(case["input"].encode())
files = (
    glob.glob(os.path.join(shared, "corpus/datasud/*.rst"))
    + glob.glob(os.path.join(shared, "corpus/datasud/*/*.rst"))
    + glob.glob(os.path.join(shared, "corpus/docutils-cases/functional-input/**/*.rst"), recursive=True)
    + glob.glob(os.path.join(shared, "seed/*.rst"))
    + sorted(glob.glob(os.path.join(shared, "corpus/datasud/_history_all_versions/*/*")))[::3]
)
for path in files:
    if os.path.isfile(path):
        with open(path, "rb") as f:
            put(f.read())
print(f"{n} seeds in {out}", file=sys.stderr)
