#!/usr/bin/env bash
# npm run start:excel [-- desktop|web]: serve the pane over HTTPS on https://localhost:8787
# (the URL manifest.xml names) and sideload manifest.xml into Excel.
# Needs a machine with Excel (Windows or macOS) or a browser signed in to Excel on the web.
# office-addin-dev-certs and office-addin-debugging are fetched by a pinned npx, so they stay
# out of the install that `npm ci` and the tests need (office-addin-debugging is ~450 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-desktop}"
certs="$HOME/.office-addin-dev-certs"

npx --yes office-addin-dev-certs@3.0.0 install --days 365
npm run -s build:pane
npx wrangler d1 migrations apply DB --local
npx wrangler dev --ip localhost --port 8787 --local-protocol https \
  --https-key-path "$certs/localhost.key" --https-cert-path "$certs/localhost.crt" &
server=$!
trap 'kill $server 2>/dev/null; npx --yes office-addin-debugging@7.0.0 stop manifest.xml' EXIT
until curl -sk https://localhost:8787/api/v1/health >/dev/null; do sleep 1; done
npx --yes office-addin-debugging@7.0.0 start manifest.xml "$target" --no-debug
wait $server
