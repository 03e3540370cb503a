#!/usr/bin/env bash
# The one release build: what scripts/run.sh serves and the end-to-end tests drive.
# Assets get content-hashed names and brotli/gzip copies made once, here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo leptos build --release --precompress
# cargo-leptos writes its gzip copies at a fast level (the WebAssembly's came to 231 KB);
# browsers that do not take brotli (any over plain HTTP) get gzip, so make it -9
# (197 KB). Same bytes every build (-n: no name or time in the header).
for asset in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do
  if [ -e "$asset" ]; then gzip -9 -n -k -f "$asset"; fi
done
