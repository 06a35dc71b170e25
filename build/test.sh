#!/usr/bin/env bash
# npm test: the whole suite. Go vet and tests (with short fuzz runs), web unit
# tests, a type check, a build, and browser tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash build/chromium.sh

echo "== go vet"
go vet ./...
GOOS=js GOARCH=wasm go vet ./wasm/... ./core/...

echo "== go test"
go test ./...

echo "== fuzz (bounded)"
FUZZTIME=${FUZZTIME:-5s}
for target in core/jsonscan:FuzzScan core/records:FuzzLines core/records:FuzzArray \
	core/emoji:FuzzEach core/mention:FuzzEach core/timestamp:FuzzParse \
	core/sentiment:FuzzAnalyze core/records:FuzzWhole core/pipeline:FuzzCounter \
	core/delimited:FuzzReader; do
	go test "./${target%%:*}" -run=NONE -fuzz="^${target##*:}\$" -fuzztime="$FUZZTIME" >/dev/null
	echo "fuzz ${target} ok"
done

echo "== web unit tests"
npx vitest run --config web/vite.config.ts

echo "== type check"
npx tsc --noEmit -p web

echo "== build"
bash build/build.sh

echo "== browser tests"
node --test --test-concurrency=1 build/browser/
