#!/usr/bin/env bash
# The load test on loopback: the release server (target/release/imprimatur,
# built by `cargo leptos build --release`) on SQLite and on PostgreSQL, side
# by side, under wrk with 64 connections for 10 s per endpoint. Prints a
# Markdown table with requests per second, p50 and p99, the statements the
# server ran per request (its x-imprimatur-queries counter around each
# run), and the ratios the request path is judged by.
#   scripts/load.sh        (bench.sh runs it; it starts PostgreSQL if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1;35m==>\033[0m %s\n' "$*" >&2; }

command -v wrk >/dev/null || scripts/setup.sh --bench >&2
BIN=${IMPRIMATUR_BIN:-target/release/imprimatur}
[[ -x $BIN ]] || { echo "no release build: run cargo leptos build --release" >&2; exit 1; }
source scripts/postgres.sh
[[ -n "${IMPRIMATUR_TEST_POSTGRES_URL:-}" ]] || pg_start >&2

CONNECTIONS=${LOAD_CONNECTIONS:-64}
SECONDS_EACH=${LOAD_SECONDS:-10}
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
LOAD_DIR=$(mktemp -d /tmp/imprimatur-load.XXXXXX)
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$LOAD_DIR"; }
trap 'cleanup; pg_stop' EXIT

queries() { # base: the server's statement counter so far
  curl -s -D - -o /dev/null "$1/healthz" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-imprimatur-queries"{print $2}'
}

# One wrk run; appends "name rps p50_ms p99_ms queries_per_request errors".
measure() { # backend base name cookie-or-empty method path
  local backend=$1 base=$2 name=$3 cookie=$4 method=$5 path=$6 out before after
  out="$LOAD_DIR/$backend-$name.txt"
  before=$(queries "$base")
  if [[ $method == POST ]]; then
    WRK_ORIGIN="$base" WRK_COOKIE="$cookie" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency \
      -s scripts/wrk-post.lua "$base$path" >"$out"
  elif [[ -n $cookie ]]; then
    wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "Cookie: $cookie" \
      -H "Accept: text/html" "$base$path" >"$out"
  else
    wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "Accept: text/html" "$base$path" >"$out"
  fi
  after=$(queries "$base")
  awk -v name="$name" -v before="$before" -v after="$after" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    / requests in / { n = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad += $NF } /Socket errors:/ { bad += 1 }
    END { printf "%s %.0f %.2f %.2f %.2f %d\n", name, rps, p50, p99, (n ? (after - before) / n : 0), bad }
  ' "$out" >>"$LOAD_DIR/$backend.rows"
}

load() { # backend database-url
  local port base cookie
  port=$(free_port)
  base="http://127.0.0.1:$port"
  IMPRIMATUR_DATABASE_URL="$2" IMPRIMATUR_SERVER_LISTEN="127.0.0.1:$port" \
  IMPRIMATUR_STORAGE_DIR="$LOAD_DIR/$1-files" IMPRIMATUR_SERVER_PUBLIC_URL="$base" IMPRIMATUR_SERVER_DEMO_IF_EMPTY=true RUST_LOG=warn \
  IMPRIMATUR_QUERY_COUNT_HEADER=1 "$BIN" serve >"$LOAD_DIR/$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 150); do curl -sf -o /dev/null "$base/healthz" && break; sleep 0.2; done
  cookie=$(curl -s -D - -o /dev/null -X POST -H "Origin: $base" \
    -H "Content-Type: application/x-www-form-urlencoded" \
    --data 'email=cus%40acme.test&password=imprimatur-demo' "$base/api/sign_in" |
    tr -d '\r' | awk 'tolower($1)=="set-cookie:" && $2 ~ /^imprimatur_session=/ {sub(/;.*/, "", $2); print $2}')
  [[ -n $cookie ]] || { echo "sign-in failed on $1" >&2; cat "$LOAD_DIR/$1.log" >&2; exit 1; }
  # One request each first: the measured runs see a warm process.
  curl -s -o /dev/null -X POST -H "Origin: $base" -H "Cookie: $cookie" "$base/api/current_user"
  say "wrk on $1: /healthz, /sign-in, current_user, storefront (${SECONDS_EACH}s each, $CONNECTIONS connections)"
  measure "$1" "$base" healthz "" GET /healthz
  measure "$1" "$base" sign-in "" GET /sign-in
  measure "$1" "$base" current_user "$cookie" POST /api/current_user
  measure "$1" "$base" storefront "$cookie" GET /
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

load sqlite "sqlite://$LOAD_DIR/load.db"
pg_db="imprimatur_load_$$"
psql -q "$IMPRIMATUR_TEST_POSTGRES_URL" -c "CREATE DATABASE $pg_db" >&2
load postgres "${IMPRIMATUR_TEST_POSTGRES_URL%/*}/$pg_db"
psql -q "$IMPRIMATUR_TEST_POSTGRES_URL" -c "DROP DATABASE $pg_db" >&2 || true

awk -v c="$CONNECTIONS" -v s="$SECONDS_EACH" '
  FNR == 1 { file++ }
  { name[FNR] = $1; rps[file, $1] = $2; p50[file, $1] = $3; p99[file, $1] = $4; q[file, $1] = $5; bad[file, $1] = $6; rows = FNR }
  END {
    printf "\n| endpoint (wrk, %d connections, %d s) | SQLite req/s | SQLite p50 / p99 | SQLite queries/req | PostgreSQL req/s | PostgreSQL p50 / p99 | PostgreSQL queries/req |\n", c, s
    print "|---|---|---|---|---|---|---|"
    label["healthz"] = "GET /healthz"; label["sign-in"] = "GET /sign-in (anonymous)"
    label["current_user"] = "POST /api/current_user (signed in)"; label["storefront"] = "GET / storefront (signed in)"
    for (i = 1; i <= rows; i++) { n = name[i]
      printf "| %s | %d | %.2f / %.2f ms | %.2f | %d | %.2f / %.2f ms | %.2f |\n", label[n], rps[1, n], p50[1, n], p99[1, n], q[1, n], rps[2, n], p50[2, n], p99[2, n], q[2, n]
      if (bad[1, n] || bad[2, n]) printf "(%s: %d failed responses on SQLite, %d on PostgreSQL)\n", n, bad[1, n], bad[2, n] }
    printf "\n| ratio | SQLite | PostgreSQL | goal |\n|---|---|---|---|\n"
    printf "| current_user ÷ healthz | %.0f%% | %.0f%% | ≥ 60%%, p99 ≤ 10 ms |\n", 100 * rps[1, "current_user"] / rps[1, "healthz"], 100 * rps[2, "current_user"] / rps[2, "healthz"]
    printf "| storefront ÷ sign-in | %.0f%% | %.0f%% | ≥ 30%% |\n", 100 * rps[1, "storefront"] / rps[1, "sign-in"], 100 * rps[2, "storefront"] / rps[2, "sign-in"]
  }' "$LOAD_DIR/sqlite.rows" "$LOAD_DIR/postgres.rows"
