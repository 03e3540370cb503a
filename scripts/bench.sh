#!/usr/bin/env bash
# Load benchmark, loopback only: a release build serving demo data; wrk measures the
# sign-in page, the provider dashboard (100 signed-in sessions, 100 connections) and a
# static file from the same server, one after another in one run; then the WebAssembly
# bundle's size; then, at national scale on SQLite and on PostgreSQL, the review queue,
# a review, the provider's applications, an application, the commissioner's placement
# requests, a 40-offer evaluation and the provider's placement requests
# (scripts/bench-pages.sh); then a deadline rush of 1,000 offers in 60 s on both
# databases (scripts/bench-rush.sh).
# Usage: scripts/bench.sh [seconds per target, default 15]
# (The build is read from ${CARGO_TARGET_DIR:-target}/release and
# ${LEPTOS_SITE_ROOT:-target/site}, where scripts/build-release.sh puts it.)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
scripts/install.sh >/dev/null
source scripts/env.sh
if ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
scripts/build-release.sh >/dev/null 2>&1 || scripts/build-release.sh
site="${LEPTOS_SITE_ROOT:-target/site}"
opendps="${CARGO_TARGET_DIR:-target}/release/opendps"
# The stylesheet as browsers fetch it: its hashed name, brotli made at build time.
css=$(cd "$site" && ls pkg/opendps.*.css | grep -v '\.\(br\|gz\)$' | head -n 1)

work=$(mktemp -d /tmp/opendps-bench.XXXXXX)
addr=127.0.0.1:3100
base="http://$addr"
export OPENDPS_DATA_DIR="$work" LEPTOS_SITE_ADDR="$addr" LEPTOS_SITE_ROOT="$site" RUST_LOG=warn
unset DATABASE_URL SMTP_URL
"$opendps" seed-demo >/dev/null
"$opendps" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "$base/sign-in" >/dev/null && break; sleep 0.1; done

# 100 sessions of the demo provider admin.
cookies="$work/cookies.lua"
echo "cookies = {" >"$cookies"
for _ in $(seq 100); do
  c=$(curl -s -o /dev/null -D - -H "Origin: $base" -H "Accept: application/json" \
        --data-urlencode email=manager@oaktree.example.co.uk --data-urlencode password=demo-password-2026 \
        "$base/api/sign-in" | tr -d '\r' | sed -n 's/^set-cookie: \(opendps_session=[0-9a-f]*\).*/\1/ip')
  [ -n "$c" ] || { echo "sign-in failed" >&2; exit 1; }
  echo "  \"$c\"," >>"$cookies"
done
echo "}" >>"$cookies"
cat >>"$cookies" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/provider", { ["Cookie"] = cookies[(counter % #cookies) + 1] })
end
LUA
# The same 100 sessions as people use them: each asks for a page, reads it for 100-300 ms
# (at random, so they do not click in lockstep),
# asks again (about 500 requests a second in all).
users="$work/users.lua"
cat "$cookies" >"$users"
echo 'delay = function() return math.random(100, 300) end' >>"$users"
curl -sf -b "$(sed -n 2p "$cookies" | tr -d ' ",')" "$base/provider" | grep -q "Your organisation" \
  || { echo "dashboard did not render for a signed-in session" >&2; exit 1; }

run() { # name, then wrk arguments
  local name=$1; shift
  wrk -t2 -c100 -d"${duration}s" --latency "$@" >"$work/$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$name.txt")
  local errors; errors=$(awk '/Non-2xx|Socket errors/' "$work/$name.txt")
  printf '%s %s %s %s\n' "$name" "$rps" "$p50" "$p99" >>"$work/results"
  [ -z "$errors" ] || echo "$name: $errors" >&2
}
run static -H "Accept-Encoding: br, gzip" "$base/$css"
run sign-in "$base/sign-in"
run dashboard -s "$cookies" "$base/provider"
run dash-think -s "$users" "$base/provider"

to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v+0 } else { sub(/s$/,"",v); print v*1000 } }'; }
static_rps=$(awk '$1=="static" {print $2}' "$work/results")
echo
echo "OpenDPS release build, $(nproc) cores, wrk -t2 -c100 -d${duration}s, loopback, SQLite, $(date -u +%F)"
echo "(static, sign-in, dashboard: 100 connections flat out; dash-think: 100 sessions with 100-300 ms think time)"
printf '%-10s %12s %10s %10s %18s\n' target "requests/s" "p50 ms" "p99 ms" "rps vs static"
while read -r name rps p50 p99; do
  printf '%-10s %12.0f %10.2f %10.2f %17.2fx\n' "$name" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$(awk -v a="$rps" -v b="$static_rps" 'BEGIN {print a/b}')"
done <"$work/results"
echo
node scripts/wasm-size.mjs "$site/pkg"
echo "server RSS after the run: $(( $(ps -o rss= -p $server) / 1024 )) MB"
kill $server; wait $server 2>/dev/null || true

# The pages at national scale, on both databases, with the same build; then the
# deadline rush, whatever the pages showed.
echo
pages=0
OPENDPS_BENCH_BUILT=1 scripts/bench-pages.sh "$duration" || pages=$?
echo
rush=0
OPENDPS_BENCH_BUILT=1 scripts/bench-rush.sh || rush=$?
[ "$pages" = 0 ] && [ "$rush" = 0 ]
