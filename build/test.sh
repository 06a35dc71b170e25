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
fuzz_once() { go test "./${target%%:*}" -run=NONE -fuzz="^${target##*:}\$" -fuzztime="$FUZZTIME" 2>&1; }
for target in core/jsonscan:FuzzScan core/records:FuzzLines core/records:FuzzArray \
	core/emoji:FuzzEach core/mention:FuzzEach core/timestamp:FuzzParse \
	core/sentiment:FuzzAnalyze core/records:FuzzWhole core/pipeline:FuzzCounter \
	core/delimited:FuzzReader core/cell:FuzzOf core/jsonscan:FuzzMembers core/combine:FuzzWriter \
	core/profile:FuzzAdd; do
	if ! out=$(fuzz_once); then
		# Go 1.26's fuzz coordinator can report "context deadline exceeded" as the
		# -fuzztime window closes, with no failing input (go.dev/issue/75804, fixed
		# in Go 1.27). Only that bare report is run again, once; a real finding
		# writes its input and fails at once.
		if grep -q "context deadline exceeded" <<<"$out" && ! grep -q "Failing input written" <<<"$out"; then
			echo "fuzz ${target}: the coordinator's deadline race (go.dev/issue/75804), running it again"
			out=$(fuzz_once) || { echo "$out"; echo "fuzz ${target} FAILED twice"; exit 1; }
		else
			echo "$out"
			echo "fuzz ${target} FAILED: the failing input is under ./${target%%:*}/testdata/fuzz/"
			exit 1
		fi
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
