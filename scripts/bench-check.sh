#!/usr/bin/env bash
# `stepdoc check` over the whole benchmark corpus (release build), with every
# core and with one (-j 1), against Python docutils 0.23 parsing the same
# files in the same run, and their ratio. Wall-clock times, best of 3.
# Needs `pip install docutils==0.23`.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bench}
python3 -c "import docutils; assert docutils.__version__.startswith('0.23'), docutils.__version__" \
  || pip install -q docutils==0.23
cargo build -q --release
python3 - "$corpus" <<'PY'
import os, subprocess, sys, time
corpus = sys.argv[1]
def best(args, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        if r.returncode not in (0, 1):
            sys.exit(f"{' '.join(args)}: exit {r.returncode}")
    return min(times)
cmd = ["target/release/stepdoc", "check", corpus, "--format", "json"]
every = best(cmd)
one = best(["target/release/stepdoc", "-j", "1"] + cmd[1:])
print(f"stepdoc check (all {os.cpu_count()} cores): {every:.3f} s")
print(f"stepdoc check -j 1: {one:.3f} s")
print(f"load average at the end: {os.getloadavg()[0]:.1f}")
out = subprocess.run([sys.executable, "scripts/docutils_bench.py", corpus],
                     capture_output=True, text=True, check=True).stdout
print(out.strip())
import re
parse_s, pub_s = [float(x) for x in re.findall(r"([0-9.]+) s,", out)]
print(f"ratio: docutils parse alone takes {parse_s/every:.1f}x as long as stepdoc check, "
      f"publish_doctree {pub_s/every:.1f}x (one core: {parse_s/one:.1f}x, {pub_s/one:.1f}x)")
PY
