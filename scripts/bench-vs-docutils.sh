#!/usr/bin/env bash
# Parser speed: stepdoc and Python docutils 0.23 on the same files, in the
# same run, and their ratio. Needs `pip install docutils==0.23`.
#
# The two sides take turns: each of the STEPDOC_BENCH_TURNS turns (3 by
# default) times the crate's bench (best of 5), the command line (best of
# 5) and one round of docutils' parser (one docutils process serves all
# turns), so that a machine whose speed drifts over the minutes the run
# takes slows both sides alike. Each turn's figures and ratios are
# printed, then the best of each side over all turns and their ratios;
# docutils' publish_doctree runs once, last.
set -euo pipefail
cd "$(dirname "$0")/.."
# Another tree of `.rst` files may be given: `scripts/bench-vs-docutils.sh DIR`.
corpus=$(realpath "${1:-../shared/corpus/bench}")
export STEPDOC_BENCH_CORPUS="$corpus"
turns=${STEPDOC_BENCH_TURNS:-3}
python3 -c "import docutils; assert docutils.__version__.startswith('0.23'), docutils.__version__" \
  || pip install -q docutils==0.23
cargo build -q --release
cargo bench -q -p stepdoc-rst --bench parse --no-run 2>/dev/null
python3 - "$corpus" "$turns" <<'PY'
import os, re, subprocess, sys, time

corpus, turns = sys.argv[1], int(sys.argv[2])
files = sorted(os.path.join(r, f) for r, _, fs in os.walk(corpus) for f in fs
               if f.endswith(".rst") and os.path.isfile(os.path.join(r, f)))
size = sum(os.path.getsize(f) for f in files) / 1e6
mbs = lambda line: float(re.findall(r"([0-9.]+) MB/s", line)[0])
secs = lambda line: float(re.findall(r"([0-9.]+) s,", line)[0])

def crate():
    out = subprocess.run(["cargo", "bench", "-q", "-p", "stepdoc-rst", "--bench", "parse"],
                         capture_output=True, text=True, check=True).stdout
    return next(l for l in out.splitlines() if l.startswith("stepdoc parse"))

def cli():
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(["target/release/stepdoc", "-j", "1", "parse", "--format", "none", *files],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
    return best

# One docutils process for the whole run: the corpus read and the modules
# imported once, its first round paying for regular expressions compiled
# on first use (the best over the turns leaves that out).
server = subprocess.Popen([sys.executable, "scripts/docutils_bench.py", corpus, "--serve"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

def docutils(mode):
    server.stdin.write(mode + "\n")
    server.stdin.flush()
    line = server.stdout.readline().strip()
    if not line:
        sys.exit("docutils_bench.py stopped")
    return line

best_crate, best_cli, best_doc = None, float("inf"), None
for turn in range(1, turns + 1):
    ours = crate()
    cli_s = cli()
    theirs = docutils("parse")
    print(f"turn {turn}: stepdoc parse {mbs(ours):.2f} MB/s, command line {size/cli_s:.2f} MB/s, "
          f"docutils parse {mbs(theirs):.2f} MB/s: {mbs(ours)/mbs(theirs):.1f}x, "
          f"the command line {size/cli_s/mbs(theirs):.1f}x", flush=True)
    if best_crate is None or mbs(ours) > mbs(best_crate):
        best_crate = ours
    best_cli = min(best_cli, cli_s)
    if best_doc is None or mbs(theirs) > mbs(best_doc):
        best_doc = theirs
publish = docutils("publish")
server.stdin.close()
server.wait()
print(re.sub(r"best of \d+", f"best of {5 * turns}", best_crate))
print(f"stepdoc -j 1 parse --format none: {len(files)} files, {size:.2f} MB, "
      f"best of {5 * turns}: {best_cli:.3f} s, {size/best_cli:.2f} MB/s")
print(f"docutils parse: {len(files)} files, {size:.2f} MB, best of {turns}: "
      f"{secs(best_doc):.3f} s, {mbs(best_doc):.2f} MB/s")
print(publish)
ours, parse, pub = mbs(best_crate), mbs(best_doc), mbs(publish)
print(f"ratio: {ours/parse:.1f}x docutils parse, {ours/pub:.1f}x docutils publish_doctree")
print(f"ratio of the command line: {size/best_cli/parse:.1f}x docutils parse")
PY
