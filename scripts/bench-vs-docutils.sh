#!/usr/bin/env bash
# Parser speed: stepdoc and Python docutils 0.23 on the same files, in the
# same run, and their ratio. Needs `pip install docutils==0.23`.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/bench
python3 -c "import docutils; assert docutils.__version__.startswith('0.23'), docutils.__version__" \
  || pip install -q docutils==0.23
ours=$(cargo bench -q -p stepdoc-rst --bench parse 2>/dev/null | grep 'stepdoc parse')
echo "$ours"
theirs=$(python3 scripts/docutils_bench.py "$corpus")
echo "$theirs"
python3 - "$ours" "$theirs" <<'PY'
import re, sys
mbs = lambda s: [float(x) for x in re.findall(r"([0-9.]+) MB/s", s)]
ours = mbs(sys.argv[1])[0]
parse, publish = mbs(sys.argv[2])
print(f"ratio: {ours/parse:.1f}x docutils parse, {ours/publish:.1f}x docutils publish_doctree")
PY
