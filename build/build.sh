#!/usr/bin/env bash
# Builds everything the page needs into web/dist: the Go wasm engine (with
# precompressed copies) and Go's wasm_exec.js under engine/<hash>/, the demo
# data and the Vite app.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund

echo "build: wasm engine"
mkdir -p web/public/demo
engine=$(mktemp -d)
trap 'rm -rf "$engine"' EXIT # a failed build leaves no temporary folder behind
GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$engine/engine.wasm" ./wasm/engine
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$engine/wasm_exec.js"
# Both files go in public/engine/<hash of both>/ (web/vite.config.ts gives the
# page that path): a new engine gets a new URL, so browsers keep them as
# immutable (public/_headers) and fetch them once. The build is reproducible
# (-trimpath), so an unchanged engine keeps its URL and stays cached.
hash=$(cat "$engine/engine.wasm" "$engine/wasm_exec.js" | sha256sum | cut -c1-16)
chmod 755 "$engine"
rm -rf web/public/engine web/public/engine.wasm web/public/wasm_exec.js
mkdir -p web/public/engine
mv "$engine" "web/public/engine/$hash"

echo "build: demo data"
[ -s web/public/demo/tweets-demo.jsonl ] ||
	go run ./core/cmd/dropsight gen tweets --lines 1500 --seed 1 -o web/public/demo/tweets-demo.jsonl
# The engagement demo: an interaction log with heavy users (--skew) and its user table.
if [ ! -s web/public/demo/interactions-demo.csv ] || [ ! -s web/public/demo/metadata-demo.csv ]; then
	demo=$(mktemp -d)
	go run ./core/cmd/dropsight gen activity --rows 30000 --metadata-rows 20000 --skew --seed 1 -o "$demo"
	mv "$demo/interactions.csv" web/public/demo/interactions-demo.csv
	mv "$demo/metadata.csv" web/public/demo/metadata-demo.csv
	rmdir "$demo"
fi

echo "build: web app"
npx vite build --config web/vite.config.ts --logLevel warn

node build/compress.mjs web/dist

# The share service Worker (build/share.sh) and the Worker, static app and API
# together under wrangler (wasm/share/wrangler.jsonc).
bash build/share.sh
