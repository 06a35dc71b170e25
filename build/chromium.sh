#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the browser tests: never a
# browser download from a test tool. CHROMIUM_PATH points elsewhere.
set -euo pipefail
bin=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$bin" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "installing chromium from Debian"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	exit 0
fi
echo "Chromium not found at $bin: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH" >&2
exit 1
