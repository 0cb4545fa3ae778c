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

say "load test on loopback: the release server on SQLite and on PostgreSQL"
source scripts/postgres.sh
pg_start >&2
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
LOAD_DIR=$(mktemp -d /tmp/imprimatur-load.XXXXXX)
load() { # name database-url
  local port pid
  port=$(free_port)
  IMPRIMATUR_DATABASE_URL="$2" IMPRIMATUR_SERVER_LISTEN="127.0.0.1:$port" \
  IMPRIMATUR_SERVER_PUBLIC_URL="http://127.0.0.1:$port" IMPRIMATUR_SERVER_DEMO_IF_EMPTY=true RUST_LOG=warn \
    target/release/imprimatur serve >"$LOAD_DIR/$1.log" 2>&1 &
  pid=$!
  node -e 'const u=process.argv[1];(async()=>{for(let i=0;i<150;i++){try{if((await fetch(u)).ok)return}catch{}await new Promise(r=>setTimeout(r,200))}process.exit(1)})()' "http://127.0.0.1:$port/healthz"
  node scripts/load.mjs "http://127.0.0.1:$port" 5 16 >"$LOAD_DIR/$1.json"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
load sqlite "sqlite://$LOAD_DIR/load.db"
pg_db="imprimatur_load_$$"
psql -q "$IMPRIMATUR_TEST_POSTGRES_URL" -c "CREATE DATABASE $pg_db" >&2
load postgres "${IMPRIMATUR_TEST_POSTGRES_URL%/*}/$pg_db"
node -e '
const [s, p] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
console.log("\n| endpoint (16 in flight, 5 s) | SQLite req/s | SQLite p50 / p95 | PostgreSQL req/s | PostgreSQL p50 / p95 | SQLite ÷ PostgreSQL |");
console.log("|---|---|---|---|---|---|");
s.forEach((a, i) => { const b = p[i]; const ms = (x) => x.toFixed(2) + " ms";
  console.log(`| ${a.name} | ${a.rps.toFixed(0)} | ${ms(a.p50)} / ${ms(a.p95)} | ${b.rps.toFixed(0)} | ${ms(b.p50)} / ${ms(b.p95)} | ${(a.rps / b.rps).toFixed(2)}× |`);
  if (a.errors || b.errors) console.log(`(errors: SQLite ${a.errors}, PostgreSQL ${b.errors})`); });
' "$LOAD_DIR/sqlite.json" "$LOAD_DIR/postgres.json"
rm -rf "$LOAD_DIR"

say "the first page of visible orders among 1,000,000: SQL filter from core against load-and-check"
psql -q "$IMPRIMATUR_TEST_POSTGRES_URL" -c "CREATE DATABASE ${pg_db}_orders" >&2
IMPRIMATUR_BENCH_POSTGRES_URL="${IMPRIMATUR_TEST_POSTGRES_URL%/*}/${pg_db}_orders" \
  cargo bench -p imprimatur-server --bench orders_page
