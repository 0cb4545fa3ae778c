#!/usr/bin/env bash
# The benchmarks, in one run: the permission core against cedar-policy on the
# same decisions (criterion), lists through `visibility` against checking each
# row, the browser bundle after wasm-opt, what a phone meets per route
# (scripts/phone.mjs), and the request path under wrk
# (scripts/load.sh). Prints a Markdown report.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
say() { printf '\n\033[1;35m==>\033[0m %s\n' "$*" >&2; }

scripts/setup.sh --bench >&2
export PATH="$ROOT/end2end/node_modules/.bin:$PATH"

say "checking that core and cedar give the same answers on the benchmarked decisions"
cargo test -p imprimatur-bench >&2
say "criterion: core against cedar-policy"
rm -rf target/criterion
cargo bench -p imprimatur-bench --bench authorize -- --warm-up-time 1 --measurement-time 3 >&2
say "release build of the browser bundle (wasm-opt from binaryen 132)"
cargo leptos build --release --split >&2
node scripts/bench-report.mjs

say "phone profile: bytes sent per route, LCP and hydration (scripts/phone.mjs)"
PHONE_DIR=$(mktemp -d /tmp/imprimatur-phone.XXXXXX)
phone_port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
IMPRIMATUR_DATABASE_URL="sqlite://$PHONE_DIR/phone.db" IMPRIMATUR_STORAGE_DIR="$PHONE_DIR/files" IMPRIMATUR_SERVER_LISTEN="127.0.0.1:$phone_port" \
IMPRIMATUR_SERVER_PUBLIC_URL="http://127.0.0.1:$phone_port" IMPRIMATUR_SERVER_DEMO_IF_EMPTY=true RUST_LOG=warn \
  target/release/imprimatur serve >"$PHONE_DIR/server.log" 2>&1 &
phone_pid=$!
for _ in $(seq 150); do curl -sf -o /dev/null "http://127.0.0.1:$phone_port/healthz" && break; sleep 0.2; done
# The server compresses the bundle once at start-up, in the background.
sleep 15
node scripts/phone.mjs "http://127.0.0.1:$phone_port" --runs 3 || say "a budget of issue 17 is missed (✗ above)"
kill "$phone_pid"; wait "$phone_pid" 2>/dev/null || true
rm -rf "$PHONE_DIR"

say "memory of the release server during a 200 MiB chapter upload (scripts/upload-memory.sh)"
BIN=target/release/imprimatur scripts/upload-memory.sh

say "load test on loopback (wrk): the release server on SQLite and on PostgreSQL"
source scripts/postgres.sh
pg_start >&2
scripts/load.sh
pg_db="imprimatur_bench_$$"

say "the first page of visible orders among 1,000,000: SQL filter from core against load-and-check"
psql -q "$IMPRIMATUR_TEST_POSTGRES_URL" -c "CREATE DATABASE ${pg_db}_orders" >&2
IMPRIMATUR_BENCH_POSTGRES_URL="${IMPRIMATUR_TEST_POSTGRES_URL%/*}/${pg_db}_orders" \
  cargo bench -p imprimatur-server --bench orders_page
