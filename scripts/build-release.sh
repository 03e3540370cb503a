#!/usr/bin/env bash
# The one release build: what scripts/run.sh serves and the end-to-end tests drive.
# Assets get content-hashed names and brotli/gzip copies made once, here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo leptos build --release --precompress
