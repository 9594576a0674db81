#!/usr/bin/env bash
# Fuzzes every reader (or the targets named) for SECONDS each, one job, no sanitizer (the code is
# safe Rust: what we look for is a panic, an abort, a hang or runaway memory), then reduces each
# corpus to a set cover of the code edges it reaches (what the repository keeps and CI replays). Crashes land in fuzz/artifacts/<target>/; copy each into fuzz/regressions/<target>/ once
# it is fixed, so `cargo test` replays it forever.
#
#   fuzz/run.sh 120                 # every target, 2 minutes each
#   fuzz/run.sh 600 rol_xlsx limites
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# The seeds are written with the workspace's usual build (its target directory, its profile).
cargo run --release -q -p almaplan-formats --example fuzz_seeds -- fuzz/corpus
export RUSTC_BOOTSTRAP=1   # cargo-fuzz passes -Z flags; stable rustc accepts them with this
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$HOME/.cache/almaplan/target-fuzz}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cd fuzz && cargo fuzz list)
cd fuzz
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  echo "== $t (${seconds}s)"
  cargo fuzz run -s none --release "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" 2>&1 | grep -E "stat::number_of_executed_units|stat::peak_rss|Done|ERROR|panicked|SUMMARY|crash-|timeout-|oom-" || true
  # Keep a small corpus in the repository: a set cover of the edges (not the hit counts) reached.
  rm -rf "min/$t" && mkdir -p "min/$t"
  cargo fuzz run -s none --release "$t" "min/$t" "corpus/$t" -- -set_cover_merge=1 -use_counters=0 >/dev/null 2>&1 \
    && rm -rf "corpus/$t" && mv "min/$t" "corpus/$t"
  echo "   corpus: $(ls "corpus/$t" | wc -l) files"
done
rm -rf min
