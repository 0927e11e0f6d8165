#!/usr/bin/env bash
# Run every fuzz target (or those named) for SECONDS each, from the seed
# corpus (make-seeds.py) and the corpus kept between runs (fuzz/corpus/),
# and print the executions and CPU time of each. Crashes are written to
# fuzz/artifacts/TARGET/; each one found becomes a regression test.
#   fuzz/run.sh [SECONDS] [TARGET...]      (default 300 s, all targets)
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse extract markdown typst)
[ -d seeds ] || python3 make-seeds.py
cargo +nightly fuzz build -s none -a
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  log=$(mktemp)
  start=$(date +%s)
  cargo +nightly fuzz run -s none -a "$t" "corpus/$t" seeds -- \
    -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1 || {
      echo "$t: FAILED, see $log"; grep -E "panicked|ERROR|SIGSEGV|Test unit written" "$log" | head -5 || true; continue; }
  runs=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$log" | grep -o "[0-9]*$" || echo "?")
  cov=$(grep -o "cov: [0-9]*" "$log" | tail -1 || true)
  echo "$t: $runs executions in $(( $(date +%s) - start )) s, $cov, corpus $(ls "corpus/$t" | wc -l) inputs"
  rm -f "$log"
done
