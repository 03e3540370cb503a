#!/usr/bin/env bash
# Installs whatever is missing, then runs every test: formatting and lints, unit tests,
# integration tests on SQLite and PostgreSQL, and the Playwright journeys in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
source scripts/env.sh

export OPENDPS_TEST_POSTGRES_URL="${OPENDPS_TEST_POSTGRES_URL:-$(scripts/postgres.sh)}"
echo "==> PostgreSQL for tests: $OPENDPS_TEST_POSTGRES_URL"
# The object-store backend is tested against a real S3 server: moto's, from PyPI.
# A plain assignment, so set -e stops here if the emulator fails to start.
OPENDPS_TEST_S3_URL="${OPENDPS_TEST_S3_URL:-$(scripts/s3-emulator.sh)}"
export OPENDPS_TEST_S3_URL
echo "==> S3 emulator for tests: $OPENDPS_TEST_S3_URL"
# Databases left by earlier runs' tests.
psql "$OPENDPS_TEST_POSTGRES_URL" -Atc "select datname from pg_database where datname like 'opendps_test_%'" 2>/dev/null \
  | while read -r db; do psql "$OPENDPS_TEST_POSTGRES_URL" -qc "drop database if exists $db" >/dev/null 2>&1 || true; done

echo "==> cargo fmt"
cargo fmt --all --check
# Clippy's lints (all of them, as errors) run inside the one build below, not in a check
# pass of their own: clippy-driver wraps rustc for the workspace's crates, as `cargo
# clippy` does, but compiles them for real. The release build lints the browser's
# WebAssembly and the server; the test build lints every crate and test target.
# Dependencies are compiled once, by rustc alone, instead of a second time for clippy.
export RUSTC_WORKSPACE_WRAPPER="$(command -v clippy-driver)"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

log=$(mktemp /tmp/opendps-test-log.XXXXXX)
# Everything below is built in release: the build users run (scripts/run.sh) is the build
# the tests exercise. cargo-leptos compiles with LEPTOS_OUTPUT_NAME set; setting it here
# too lets both builds share the dependencies that read it.
export LEPTOS_OUTPUT_NAME=opendps
echo "==> unit tests (app rules, server config), integration tests (real app over HTTP, SQLite and PostgreSQL), linted by clippy"
# One invocation, so both crates' tests share one set of dependency builds. The tests
# serve their own site folder, so they need nothing of the release build below, which
# comes after them: `app` (a cdylib, whose artifact each build overwrites) and the
# binary are then compiled once more for it, not twice.
cargo test --release --workspace --features app/ssr 2>&1 | tee -a "$log"

echo "==> release build (what scripts/run.sh serves), linted by clippy"
scripts/build-release.sh

echo "==> end-to-end journeys in Chromium, against the release build that scripts/run.sh serves"
e2e_data=$(mktemp -d /tmp/opendps-e2e.XXXXXX)
export OPENDPS_DATA_DIR="$e2e_data"
export LEPTOS_SITE_ADDR="127.0.0.1:3000"
unset DATABASE_URL SMTP_URL
target/release/opendps seed-demo >/dev/null
target/release/opendps serve >"$e2e_data/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
(cd end2end && npx playwright test) 2>&1 | tee -a "$log"
kill $server_pid 2>/dev/null || true
wait $server_pid 2>/dev/null || true
trap - EXIT
rm -rf "$e2e_data"

passed=$(sed -E 's/\x1b\[[0-9;]*m//g' "$log" | awk '/^test result: ok\./ { n += $4 } /^ +[0-9]+ passed \(/ { n += $1 } END { print n + 0 }')
rm -f "$log"
echo "==> all tests passed"
echo "$passed passed, 0 failed"
