#!/usr/bin/env bash
# npm start: install what is missing, build, and serve the app with demo data
# at http://localhost:8787 (PORT overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/build.sh
exec node build/serve.mjs --port "${PORT:-8787}"
