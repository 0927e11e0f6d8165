"""Time Python docutils on the benchmark corpus: parse only (the same work
as `stepdoc parse`) and publish_doctree (parse plus transforms).

Prints one line per mode: seconds and MB/s (parse: the best of
STEPDOC_DOCUTILS_ROUNDS rounds, 3 by default; publish_doctree: one round).
STEPDOC_DOCUTILS_MODES names the modes to run, `parse,publish` by default.
With `--serve`, reads a mode per line on standard input instead and runs
one round of it each time (the corpus read and the modules imported
once), printing its line: what bench-vs-docutils.sh uses to take turns.
Usage: python3 docutils_bench.py DIR [--serve]
"""
import os
import pathlib
import sys
import time

from docutils.core import publish_doctree
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

root = pathlib.Path(sys.argv[1])
files = sorted(p for p in root.rglob("*.rst") if p.is_file())
texts = [(str(p), p.read_bytes().decode("utf-8", "replace")) for p in files]
total = sum(len(t.encode("utf-8")) for _, t in texts)
quiet = {"report_level": 5, "halt_level": 5, "warning_stream": False,
         "file_insertion_enabled": False, "raw_enabled": False}

parser = Parser()
settings = get_default_settings(Parser)
for k, v in quiet.items():
    setattr(settings, k, v)


def parse_round():
    start = time.perf_counter()
    for name, text in texts:
        doc = new_document(name, settings)
        try:
            parser.parse(text, doc)
        except Exception:
            pass
    return time.perf_counter() - start


def publish_round():
    start = time.perf_counter()
    for name, text in texts:
        try:
            publish_doctree(text, source_path=name, settings_overrides=quiet)
        except Exception:
            pass
    return time.perf_counter() - start


def parse_line(rounds, s):
    return f"docutils parse: {len(texts)} files, {total/1e6:.2f} MB, best of {rounds}: {s:.3f} s, {total/1e6/s:.2f} MB/s"


def publish_line(s):
    return f"docutils publish_doctree: one round: {s:.3f} s, {total/1e6/s:.2f} MB/s"


if "--serve" in sys.argv[2:]:
    for command in sys.stdin:
        mode = command.strip()
        if mode == "parse":
            print(parse_line(1, parse_round()), flush=True)
        elif mode == "publish":
            print(publish_line(publish_round()), flush=True)
    sys.exit(0)

# The best of several rounds, as stepdoc's side takes its best: the first
# round also pays for imports and regular expressions compiled on first use.
rounds = int(os.environ.get("STEPDOC_DOCUTILS_ROUNDS", "3"))
modes = os.environ.get("STEPDOC_DOCUTILS_MODES", "parse,publish").split(",")
if "parse" in modes:
    print(parse_line(rounds, min(parse_round() for _ in range(rounds))))
if "publish" in modes:
    print(publish_line(publish_round()))
