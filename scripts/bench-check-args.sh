#!/usr/bin/env bash
# `stepdoc -j 1 check --format json` over the benchmark corpus given two
# ways, in the same run: as its folder, and as every page listed on the
# command line (what pre-commit does). Prints the CPU time (user + system)
# and wall clock of each, best of 3, and their ratio: the pages given are
# grouped by project and each project is parsed once, so the two should
# cost about the same.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bench}
cargo build -q --release
python3 - "$corpus" <<'PY'
import os, resource, subprocess, sys, time
corpus = sys.argv[1]
files = sorted(os.path.join(r, f) for r, _, fs in os.walk(corpus) for f in fs if f.endswith(".rst"))
def best(args, runs=3):
    cpu, wall = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if r.returncode not in (0, 1):
            sys.exit(f"exit {r.returncode}")
    return min(cpu), min(wall)
base = ["target/release/stepdoc", "-j", "1", "check", "--format", "json"]
fc, fw = best(base + [corpus])
ac, aw = best(base + files)
print(f"folder {corpus}: {fc:.2f} s CPU, {fw:.2f} s wall")
print(f"{len(files)} files as arguments: {ac:.2f} s CPU, {aw:.2f} s wall")
print(f"ratio arguments / folder: {ac/fc:.2f}x CPU, {aw/fw:.2f}x wall")
PY
