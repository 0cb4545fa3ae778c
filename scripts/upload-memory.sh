#!/usr/bin/env bash
# Memory during a large chapter upload: starts the server binary (debug by
# default; BIN=target/release/imprimatur for the release one) on a fresh
# SQLite database with the demo data, signs in as Clara (Company
# Administrator at Acme), uploads a SIZE_MB (default 200) MiB document and a
# small PDF into the demo's empty chapter "Notes to the accounts", downloads
# the document again, and prints the server's resident memory (VmRSS) and
# its peak (VmHWM) from /proc before and after. Uploads stream to disk, so
# the peak should stay far below the file's size.
#
#   cargo build -p imprimatur-server && scripts/upload-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/debug/imprimatur}
SIZE_MB=${SIZE_MB:-200}
D=$(mktemp -d /tmp/upload-memory.XXXXXX)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()')
base="http://localhost:$port"
IMPRIMATUR_DATABASE_URL="sqlite://$D/db.sqlite" IMPRIMATUR_SERVER_LISTEN="127.0.0.1:$port" \
IMPRIMATUR_SERVER_PUBLIC_URL="$base" IMPRIMATUR_WEBAUTHN_RP_ID=localhost \
IMPRIMATUR_WEBAUTHN_RP_ORIGIN="$base" IMPRIMATUR_SERVER_DEMO_IF_EMPTY=true \
IMPRIMATUR_STORAGE_DIR="$D/files" IMPRIMATUR_STORAGE_MAX_UPLOAD_MB=$((SIZE_MB + 10)) \
  "$BIN" serve >"$D/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -sf -o /dev/null "$base/healthz" && break; sleep 0.3; done
curl -sf -o /dev/null "$base/healthz" || { echo "the server did not start; see $D/server.log"; exit 1; }

mem() { grep -E '^(VmRSS|VmHWM)' "/proc/$pid/status" | tr -s ' \t' ' ' | paste -sd ' '; }
jar="$D/cookies"
curl -sf -c "$jar" -b "$jar" -H "Origin: $base" -o /dev/null \
  --data-urlencode email=clara@acme.test --data-urlencode password=imprimatur-demo "$base/api/sign_in"
empty=$(sqlite3 "$D/db.sqlite" "select id from chapters where name = 'Notes to the accounts' limit 1")
with_pdf=$(sqlite3 "$D/db.sqlite" "select chapter_id from chapter_versions limit 1")
curl -sf -b "$jar" -o "$D/small.pdf" "$base/chapters/$with_pdf/pdf"
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom >"$D/big.indd"

echo "file: $SIZE_MB MiB document into chapter $empty; server $BIN (pid $pid)"
echo "before upload:   $(mem)"
start=$(date +%s.%N)
code=$(curl -s -b "$jar" -H "Origin: $base" -H "Accept: application/json" -o "$D/answer" -w '%{http_code}' \
  -F "document=@$D/big.indd" -F "pdf=@$D/small.pdf;type=application/pdf" -F "comment=Memory check" \
  "$base/chapters/$empty/document")
end=$(date +%s.%N)
echo "upload answer:   $code $(cat "$D/answer") in $(python3 -c "print(round($end - $start, 1))") s"
echo "after upload:    $(mem)"
curl -sf -b "$jar" -o "$D/back.indd" "$base/chapters/$empty/document"
echo "after download:  $(mem)"
if cmp -s "$D/big.indd" "$D/back.indd"; then echo "download: the same bytes"; else echo "download: DIFFERENT bytes"; exit 1; fi
rm -rf "$D"
