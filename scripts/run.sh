#!/usr/bin/env bash
# Installs whatever is missing, builds a release, creates and migrates the embedded
# SQLite database under ./data, loads the demo data and serves the portal.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
source scripts/env.sh
scripts/build-release.sh
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
target/release/opendps seed-demo
echo
echo "Open ${OPENDPS_BASE_URL:-http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}} and sign in with a demo account above."
echo "Emails are written to ${OPENDPS_DATA_DIR:-./data}/outbox/ (no mail server needed)."
exec target/release/opendps serve
