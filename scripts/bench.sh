#!/usr/bin/env bash
# The benchmarks, in one run: the permission core against cedar-policy on the
# same decisions (criterion), lists through `visibility` against checking each
# row, and the browser bundle after wasm-opt. Prints a Markdown report.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
say() { printf '\n\033[1;35m==>\033[0m %s\n' "$*" >&2; }

scripts/setup.sh >&2
export PATH="$ROOT/end2end/node_modules/.bin:$PATH"

say "checking that core and cedar give the same answers on the benchmarked decisions"
cargo test -p imprimatur-bench >&2
say "criterion: core against cedar-policy"
rm -rf target/criterion
cargo bench -p imprimatur-bench --bench authorize -- --warm-up-time 1 --measurement-time 3 >&2
say "release build of the browser bundle (wasm-opt from binaryen 132)"
cargo leptos build --release >&2
node scripts/bench-report.mjs
