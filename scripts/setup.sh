#!/usr/bin/env bash
# Installs what Imprimatur needs to build, run and test, skipping whatever is
# already there. A fresh machine needs only the Rust toolchain, node and npm.
#   scripts/setup.sh          build and run: wasm target, cargo-leptos,
#                             wasm-bindgen-cli, npm packages (binaryen, Playwright)
#   scripts/setup.sh --tests  also Debian's chromium and postgresql
#   scripts/setup.sh --bench  also Debian's postgresql, wrk (load tests) and sqlite3
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.129

say() { printf '\033[1;35m==>\033[0m %s\n' "$*"; }

for_tests=false
for_bench=false
[[ "${1:-}" == "--tests" ]] && for_tests=true
[[ "${1:-}" == "--bench" ]] && for_bench=true

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
else
  say "wasm32-unknown-unknown target: present"
fi
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding rustup component $component"
    rustup component add "$component"
  fi
done

if cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
  say "cargo-leptos $CARGO_LEPTOS_VERSION: present"
else
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes about 14 minutes on two cores)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (must match the wasm-bindgen crate)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked
fi

if [[ -x end2end/node_modules/.bin/wasm-opt && -x end2end/node_modules/.bin/playwright \
      && end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ]]; then
  say "npm packages (binaryen, Playwright): present"
else
  say "installing npm packages (binaryen 132 for wasm-opt, Playwright)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

apt_install() {
  local sudo=""
  [[ "$(id -u)" != 0 ]] && sudo="sudo"
  say "installing Debian packages: $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if $for_tests; then
  if [[ -x /usr/bin/chromium ]]; then
    say "chromium: present"
  else
    apt_install chromium
  fi
fi
if $for_tests || $for_bench; then
  if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    say "postgresql: present"
  else
    apt_install postgresql
  fi
fi
if $for_bench; then
  if command -v wrk >/dev/null; then
    say "wrk: present"
  else
    apt_install wrk
  fi
  # scripts/upload-memory.sh finds the demo's chapters in its database.
  if command -v sqlite3 >/dev/null; then
    say "sqlite3: present"
  else
    apt_install sqlite3
  fi
fi
say "setup done"
