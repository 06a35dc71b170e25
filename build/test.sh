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
	core/delimited:FuzzReader core/cell:FuzzOf core/jsonscan:FuzzMembers core/combine:FuzzWriter \
	core/profile:FuzzAdd; do
	if ! out=$(go test "./${target%%:*}" -run=NONE -fuzz="^${target##*:}\$" -fuzztime="$FUZZTIME" 2>&1); then
		echo "$out"
		echo "fuzz ${target} FAILED: the failing input is under ./${target%%:*}/testdata/fuzz/"
		exit 1
	fi
	echo "fuzz ${target} ok"
done

echo "== web unit tests"
npx vitest run --config web/vite.config.ts

echo "== type check"
npx tsc --noEmit -p web

echo "== build"
bash build/build.sh

echo "== share service under wrangler dev"
node --test build/share.test.mjs build/share-attack.test.mjs
# A bounded load run (the full one, npm run loadtest:share, takes 4 to 6 minutes here).
node build/share-load.mjs --reports 100 --reads 1000

echo "== browser tests"
node --test --test-concurrency=1 build/browser/
