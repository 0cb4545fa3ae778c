#!/usr/bin/env bash
# The long attack passes, on SQLite and a throwaway PostgreSQL: the fuzz
# pass (every server function with random and malformed arguments as several
# demo accounts, FUZZ_REQUESTS calls a backend, default 50,000: 100,000
# in all, about half an hour a backend on two cores) and the
# crash test (the server killed with SIGKILL under load, CRASH_RUNS times a
# backend, default 100). `make test` runs the same tests with 2,000 calls
# and 20 kills.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
source scripts/postgres.sh
pg_start
FUZZ_REQUESTS="${FUZZ_REQUESTS:-50000}" IMPRIMATUR_REQUIRE_POSTGRES=1 \
  cargo test -p imprimatur-server --test api fuzz:: -- --nocapture
CRASH_RUNS="${CRASH_RUNS:-100}" IMPRIMATUR_REQUIRE_POSTGRES=1 \
  cargo test -p imprimatur-server --test api crash:: -- --nocapture
