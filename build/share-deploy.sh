#!/usr/bin/env bash
# npm run deploy: builds everything and deploys the Worker (app as assets, the
# share service, the R2 binding) with wrangler. Needs a Cloudflare account:
# `npx wrangler login` (or CLOUDFLARE_API_TOKEN), and the bucket once:
# `npx wrangler r2 bucket create dropsight-reports`. Not run by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/build.sh
exec npx wrangler deploy --config wasm/share/wrangler.jsonc "$@"
