#!/usr/bin/env bash
# Every check, in the order a failure is cheapest to find: formatting, lints
# for every feature set, unit and integration tests on SQLite and on a
# throwaway PostgreSQL, the permission core in WASM, and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

say() { printf '\n\033[1;35m==>\033[0m %s\n' "$*"; }
started=$(date +%s)
# Every test runner's output also goes here, to count the tests at the end.
RESULTS=$(mktemp /tmp/imprimatur-results.XXXXXX)

scripts/setup.sh --tests
export PATH="$ROOT/end2end/node_modules/.bin:$PATH"
# A run from a clean clone gains nothing from incremental builds, which
# only fill the disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# 10 000 cases for each property test, natively and in WASM.
export PROPTEST_CASES=10000

say "formatting (cargo fmt --check)"
cargo fmt --all --check

say "clippy: core (native)"
cargo clippy -p imprimatur-core --all-targets -- -D warnings
say "clippy: core (wasm32)"
cargo clippy -p imprimatur-core --target wasm32-unknown-unknown --all-targets -- -D warnings
say "clippy: app (ssr)"
cargo clippy -p imprimatur-app --features ssr --all-targets -- -D warnings
say "clippy: app (hydrate, wasm32)"
cargo clippy -p imprimatur-app --features hydrate --target wasm32-unknown-unknown -- -D warnings
say "clippy: frontend (the browser bundle's entry crate, wasm32)"
cargo clippy -p imprimatur-frontend --features hydrate --target wasm32-unknown-unknown -- -D warnings
say "clippy: server"
cargo clippy -p imprimatur-server --all-targets -- -D warnings
say "clippy: the benchmarks (core against cedar-policy)"
cargo clippy -p imprimatur-bench --all-targets -- -D warnings

say "tests: the permission core in WASM (node)"
cargo test -p imprimatur-core --target wasm32-unknown-unknown 2>&1 | tee -a "$RESULTS"

source scripts/postgres.sh
say "starting a throwaway PostgreSQL"
pg_start
say "tests: the workspace, on SQLite and PostgreSQL"
# Includes imprimatur-bench's agreement tests: core and cedar-policy must
# give the same answers on every decision `make bench` times (and more).
IMPRIMATUR_REQUIRE_POSTGRES=1 cargo test --workspace 2>&1 | tee -a "$RESULTS"
pg_stop

say "tests: the browser (Playwright in Chromium), on the bundle people get"
# The browser loads the release bundle, split into a chunk a module
# (--split; app/src/routes), the bundle `make run` serves: its bytes are
# what the budget check below weighs, and it hydrates in a fraction of the
# debug bundle's time. The server is a debug build, like the one the
# workspace tests ran. Leptos reads the bundle's file names from hash.txt
# next to the server binary.
cargo leptos build --release --split --frontend-only
cargo leptos build --split --server-only
cp target/release/hash.txt target/debug/hash.txt
E2E_DIR=$(mktemp -d /tmp/imprimatur-e2e.XXXXXX)
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
E2E_LOG="$E2E_DIR/e2e.log"
e2e_status=0
# The server's settings: a fresh database and a free port for every run,
# never the working copy's data/imprimatur.db or data/files. MAIL_SHOW_LINKS (development
# only) lets the tests follow mailed links from the mailbox page, as a
# recipient would from the message.
IMPRIMATUR_DATABASE_URL="sqlite://$E2E_DIR/e2e.db" \
IMPRIMATUR_STORAGE_DIR="$E2E_DIR/files" \
IMPRIMATUR_SERVER_LISTEN="127.0.0.1:$port" \
IMPRIMATUR_SERVER_PUBLIC_URL="http://localhost:$port" \
IMPRIMATUR_WEBAUTHN_RP_ID=localhost \
IMPRIMATUR_WEBAUTHN_RP_ORIGIN="http://localhost:$port" \
IMPRIMATUR_SERVER_DEMO_IF_EMPTY=true \
IMPRIMATUR_MAIL_SHOW_LINKS=true \
  target/debug/imprimatur serve >"$E2E_DIR/server.log" 2>&1 &
server_pid=$!
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
trap 'stop_server; pg_stop' EXIT
(cd end2end && IMPRIMATUR_SERVER_PUBLIC_URL="http://localhost:$port" npx playwright test) 2>&1 \
  | tee "$E2E_LOG" || e2e_status=$?
# The first-load bytes of the sign-in page, the storefront, the printer app
# and other pages against issue 17's budgets, as this server sends them.
if [ "$e2e_status" -eq 0 ]; then
  say "bundle budgets: bytes a cold load receives per route (scripts/phone.mjs --bytes-only)"
  node scripts/phone.mjs "http://localhost:$port" --bytes-only 2>&1 | tee -a "$E2E_LOG" || e2e_status=$?
fi
stop_server
if [ "$e2e_status" -ne 0 ]; then
  say "the server's last words:"
  tail -n 30 "$E2E_DIR/server.log"
fi
cat "$E2E_LOG" >> "$RESULTS"
# Only Playwright's own summary line says the tests ran at all.
if [ "$e2e_status" -eq 0 ] && ! sed 's/\x1b\[[0-9;]*m//g' "$E2E_LOG" | grep -E '^ +[0-9]+ passed \(' >/dev/null; then
  say "the browser tests did not run (no Playwright summary in the log)"
  e2e_status=1
fi
if [ "$e2e_status" -ne 0 ]; then
  # Say last which browser tests failed and why, so the end of the log names them.
  say "browser tests failed; Playwright's summary:"
  sed 's/\x1b\[[0-9;]*m//g' "$E2E_LOG" \
    | awk '/^ +[0-9]+\) /{on=1} /^ +[0-9]+ (failed|flaky|passed)/{on=1} on{print} /^ +[0-9]+ passed \(/{exit}' \
    | grep -v -E '^ +at ' | head -n 200
  rm -rf "$E2E_DIR"
  exit "$e2e_status"
fi
rm -rf "$E2E_DIR"

say "all checks passed in $(( $(date +%s) - started )) s"
# One closing line for every runner together: cargo's (native and WASM) and Playwright's.
sed 's/\x1b\[[0-9;]*m//g' "$RESULTS" | awk '
  /^test result: / { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed;?$/) p += $i; if ($(i+1) ~ /^failed;?$/) f += $i } }
  /^ +[0-9]+ passed \(/ { p += $1 }
  /^ +[0-9]+ failed$/ { f += $1 }
  END { printf "tests: %d passed, %d failed\n", p, f }'
rm -f "$RESULTS"
