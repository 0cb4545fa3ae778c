#!/usr/bin/env bash
# The long fuzz pass: every server function with random and malformed
# arguments as several demo accounts, FUZZ_REQUESTS calls a backend
# (default 100,000), on SQLite and a throwaway PostgreSQL. `make test`
# runs the same test with 2,000 calls.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
source scripts/postgres.sh
pg_start
FUZZ_REQUESTS="${FUZZ_REQUESTS:-100000}" IMPRIMATUR_REQUIRE_POSTGRES=1 \
  cargo test -p imprimatur-server --test api fuzz:: -- --nocapture
