#!/usr/bin/env bash
# Make sure the load generator the suite drives is present: wrk (Debian package).
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    echo "installing wrk (apt-get install -y wrk)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null \
        || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null; }
else
    echo "wrk is missing: run 'sudo apt-get install -y wrk' (the benchmarks drive it)" >&2
    exit 1
fi
