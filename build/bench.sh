#!/usr/bin/env bash
# npm run bench: speed and memory figures (not a pass/fail test).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash build/chromium.sh
bash build/build.sh
exec node build/bench.mjs "$@"
