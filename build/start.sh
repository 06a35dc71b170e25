#!/usr/bin/env bash
# npm start: install what is missing, build, and run the real thing locally:
# `wrangler dev` serves the app (Worker assets), the share service (the Go
# Worker) and a local R2 bucket kept in wasm/share/.wrangler/state, offline, at
# http://localhost:8787 (PORT overrides). `npm run serve` is the plain static
# server (build/serve.mjs) without the share service.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/build.sh
export WRANGLER_SEND_METRICS=false
exec npx wrangler dev --config wasm/share/wrangler.jsonc --port "${PORT:-8787}" \
	--persist-to wasm/share/.wrangler/state
