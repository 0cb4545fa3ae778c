#!/usr/bin/env bash
# Build the release, load the demo into the embedded SQLite database if it is
# empty, and serve on http://localhost:3000 (Leptos.toml; IMPRIMATUR_* overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
say() { printf '\033[1;35m==>\033[0m %s\n' "$*"; }

scripts/setup.sh
# wasm-opt from npm's binaryen 132 (Debian's 108 builds a page that never hydrates).
export PATH="$ROOT/end2end/node_modules/.bin:$PATH"
say "building the release (server and browser bundle)"
# --split: every module's pages are a WASM chunk of their own (app/src/routes);
# a build without it leaves the lazy routes unlinked.
cargo leptos build --release --split
say "applying migrations and loading the demo if the database is empty"
target/release/imprimatur demo
say "serving; press Ctrl-C to stop"
# The demo has no mail relay: its mailbox page shows the mailed links
# (a development setting, refused over https).
export IMPRIMATUR_MAIL_SHOW_LINKS="${IMPRIMATUR_MAIL_SHOW_LINKS:-true}"
exec target/release/imprimatur serve
