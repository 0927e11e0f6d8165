#!/usr/bin/env bash
# Parser speed: stepdoc and Python docutils 0.23 on the same files, in the
# same run, and their ratio. Needs `pip install docutils==0.23`.
set -euo pipefail
cd "$(dirname "$0")/.."
# Another tree of `.rst` files may be given: `scripts/bench-vs-docutils.sh DIR`.
corpus=$(realpath "${1:-../shared/corpus/bench}")
export STEPDOC_BENCH_CORPUS="$corpus"
python3 -c "import docutils; assert docutils.__version__.startswith('0.23'), docutils.__version__" \
  || pip install -q docutils==0.23
ours=$(cargo bench -q -p stepdoc-rst --bench parse 2>/dev/null | grep 'stepdoc parse')
echo "$ours"
# The command line on the same files: the parser as stepdoc runs it (with
# its allocator, mimalloc), reading the files and reporting problems.
cargo build -q --release
cli=$(python3 - "$corpus" <<'PY'
import os, subprocess, sys, time
files = sorted(os.path.join(r, f) for r, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith(".rst"))
size = sum(os.path.getsize(f) for f in files) / 1e6
best = min(
    (lambda t: (subprocess.run(["target/release/stepdoc", "-j", "1", "parse", "--format", "none", *files],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), time.perf_counter() - t)[1])(time.perf_counter())
    for _ in range(5))
print(f"stepdoc -j 1 parse --format none: {len(files)} files, {size:.2f} MB, best of 5: {best:.3f} s, {size/best:.2f} MB/s")
PY
)
echo "$cli"
theirs=$(python3 scripts/docutils_bench.py "$corpus")
echo "$theirs"
python3 - "$ours" "$theirs" "$cli" <<'PY'
import re, sys
mbs = lambda s: [float(x) for x in re.findall(r"([0-9.]+) MB/s", s)]
ours = mbs(sys.argv[1])[0]
parse, publish = mbs(sys.argv[2])
cli = mbs(sys.argv[3])[0]
print(f"ratio: {ours/parse:.1f}x docutils parse, {ours/publish:.1f}x docutils publish_doctree")
print(f"ratio of the command line: {cli/parse:.1f}x docutils parse")
PY
