#!/usr/bin/env bash
# Builds the share service Worker into wasm/share/build (not committed):
# syumai/workers' workers-assets-gen (the version go.mod pins, v0.31.0) writes
# worker.mjs, runtime.mjs and its wasm_exec.js for -mode=go; then the Go code is
# compiled to build/app.wasm. wrangler (wasm/share/wrangler.jsonc) runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "build: share service worker"
out=wasm/share/build
go run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o "$out"
GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$out/app.wasm" ./wasm/share

# Worker assets compress on their own; the .br/.gz copies build/serve.mjs uses
# would only be uploaded as extra files.
if [ -d web/dist ]; then
	printf '*.br\n*.gz\n' >web/dist/.assetsignore
fi
echo "build: share worker $(($(stat -c %s "$out/app.wasm") / 1000)) kB"
