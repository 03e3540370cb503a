#!/usr/bin/env bash
# Page benchmark at national scale, loopback only, on SQLite and then on PostgreSQL in
# one run. For each database: a fresh database, `seed-demo` then `seed-scale` (200
# councils, 20,000 providers, 300,000 evidence items, 60,000 applications, 300 of them in
# the Haringey evaluator's queue; 50,000 placement requests with 500,000 offers, 300 of
# the requests Haringey's, one with 40 offers all marked, and 300 sent to Oak Tree), the
# release server, 50 signed-in sessions each of the Haringey evaluator and the Oak Tree
# provider admin, and for each page (the review queue, a review, the provider's
# applications, an application, the commissioner's placement requests, the 40-offer
# evaluation (the request with its table of offers), one of its offers on its own page,
# the provider's placement requests): p50/p99 with
# 50 sessions that read each page for 100-300 ms, requests/s flat out at 50
# connections, and that as a ratio of a static file's flat-out requests/s from the same
# server. Each page is first asked for 3 s flat out, unrecorded, so that the figures are
# of a server in service (connections' statement and page caches filled), not one that
# has just started. Prints one table at the end.
# Usage: scripts/bench-pages.sh [seconds per measurement, default 15]
# (OPENDPS_BENCH_DATABASES="postgres" measures one database only; default both.)
# (scripts/bench.sh runs it after building; set OPENDPS_BENCH_BUILT=1 to skip the build.
# The build is read from ${CARGO_TARGET_DIR:-target}/release and ${LEPTOS_SITE_ROOT:-target/site}.)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
source scripts/env.sh
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ "${OPENDPS_BENCH_BUILT:-}" != 1 ]; then
  scripts/install.sh >/dev/null
  scripts/build-release.sh >/dev/null 2>&1 || scripts/build-release.sh
fi
# The build as it is now: a build started meanwhile (cargo leptos replaces target/site,
# and the stylesheet's hashed name with it) must not change what the second database gets.
build=$(mktemp -d /tmp/opendps-bench-build.XXXXXX)
cp "${CARGO_TARGET_DIR:-target}/release/opendps" "$build/opendps"
cp -r "${LEPTOS_SITE_ROOT:-target/site}" "$build/site"
opendps="$build/opendps"
css=$(cd "$build/site" && ls pkg/opendps.*.css | grep -v '\.\(br\|gz\)$' | head -n 1)

results=$(mktemp /tmp/opendps-bench-pages.XXXXXX)
addr=127.0.0.1:3101
base="http://$addr"
export LEPTOS_SITE_ADDR="$addr" LEPTOS_SITE_ROOT="$build/site" RUST_LOG=warn
unset SMTP_URL

server=""
work=""
pg_admin=""
pg_db=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
  [ -z "$pg_db" ] || psql "$pg_admin" -qAtc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  pg_db=""
  [ -z "$work" ] || rm -rf "$work"
  work=""
}
trap 'cleanup; rm -rf "$results" "$results.notes" "$build"' EXIT
die() { echo "bench-pages: $*" >&2; [ -z "$work" ] || tail -n 20 "$work/server.log" >&2 2>/dev/null || true; exit 1; }

sql() { # one value from the database under test
  if [ "$db" = sqlite ]; then sqlite3 "$work/opendps.db" "$1"; else psql "$DATABASE_URL" -qAtc "$1"; fi
}

sign_in() { # email -> a session cookie, or nothing
  curl -s -o /dev/null -D - -H "Origin: $base" -H "Accept: application/json" \
      --data-urlencode "email=$1" --data-urlencode password=demo-password-2026 \
      "$base/api/sign-in" | tr -d '\r' | sed -n 's/^set-cookie: \(opendps_session=[0-9a-f]*\).*/\1/ip'
}

sessions() { # email, lua file: 50 signed-in sessions as a lua table
  echo "cookies = {" >"$2"
  for _ in $(seq 50); do
    local c; c=$(sign_in "$1")
    [ -n "$c" ] || die "sign-in failed for $1"
    echo "  \"$c\"," >>"$2"
  done
  echo "}" >>"$2"
}

script() { # cookies file, path, think (0/1) -> lua script on stdout
  cat "$1"
  cat <<LUA
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "$2", { ["Cookie"] = cookies[(counter % #cookies) + 1] })
end
LUA
  [ "$3" = 0 ] || echo 'delay = function() return math.random(100, 300) end'
}

html_text() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' <<<"$1"; }

renders() { # cookies file, path, text the page must show
  local cookie; cookie=$(sed -n 2p "$1" | tr -d ' ",')
  local page="$work/page.html" status
  status=$(curl -s -o "$page" -w '%{http_code}' -b "$cookie" "$base$2")
  [ "$status" = 200 ] || die "$db: GET $2 answered $status"
  grep -qF -- "$3" "$page" || grep -qF -- "$(html_text "$3")" "$page" \
    || die "$db: GET $2 did not show \"$3\""
}

measure() { # name, wrk arguments...: appends "db name rps p50 p99 errors"
  local name=$1; shift
  local out="$work/${name//\//-}.txt"
  wrk -t2 -c50 -d"${duration}s" --latency "$@" >"$out"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1=="50%" {print $2}' "$out")
  p99=$(awk '$1=="99%" {print $2}' "$out")
  errors=$(awk '/Non-2xx|Socket errors/' "$out" | tr -s ' \n' '_;')
  printf '%s %s %s %s %s %s\n' "$db" "$name" "$rps" "$p50" "$p99" "${errors:--}" >>"$results"
  [ -z "$errors" ] || echo "$db $name: $errors" >&2
}

bench_database() {
  db=$1
  work=$(mktemp -d /tmp/opendps-bench-pages.XXXXXX)
  export OPENDPS_DATA_DIR="$work"
  if [ "$db" = postgres ]; then
    pg_admin=$(scripts/postgres.sh)
    pg_db="opendps_bench_$$_$(date +%s)"
    psql "$pg_admin" -qAtc "CREATE DATABASE $pg_db" >/dev/null
    export DATABASE_URL="${pg_admin%/*}/$pg_db"
  else
    unset DATABASE_URL
  fi
  echo "== $db: seed-demo, seed-scale" >&2
  local began; began=$(date +%s.%N)
  "$opendps" seed-demo >/dev/null
  local demo; demo=$(awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
  "$opendps" seed-scale | tee "$work/seed.txt" >&2
  echo "$db seed-demo $demo s, seed-scale $(sed -n 's/^Scale data is loaded in \([0-9.]*\) s.*/\1/p' "$work/seed.txt") s" >>"$results.notes"
  "$opendps" serve >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf "$base/sign-in" >/dev/null && break; sleep 0.1; done
  curl -sf "$base/sign-in" >/dev/null || die "$db: the server did not start"

  # An application of the Haringey DPS awaiting a decision, and Oak Tree's first.
  local review review_provider mine mine_title
  review=$(sql "SELECT a.id FROM applications a JOIN systems s ON s.id = a.system_id
                JOIN organisations o ON o.id = a.organisation_id
                WHERE s.reference = 'HAR-DPS-2024' AND a.status = 'submitted' AND o.name LIKE 'Scale Provider %'
                ORDER BY a.id LIMIT 1")
  review_provider=$(sql "SELECT o.name FROM applications a JOIN organisations o ON o.id = a.organisation_id WHERE a.id = $review")
  mine=$(sql "SELECT a.id FROM applications a JOIN organisations o ON o.id = a.organisation_id
              WHERE o.kind = 'provider' AND o.name = 'Oak Tree Children''s Homes Ltd' ORDER BY a.id LIMIT 1")
  mine_title=$(sql "SELECT s.title FROM applications a JOIN systems s ON s.id = a.system_id WHERE a.id = $mine")
  [ -n "$review" ] && [ -n "$mine" ] || die "$db: no Haringey application or no Oak Tree application"
  # Haringey's closed request with 40 offers, its first and last bidder by name; the open
  # request due soonest among those sent to Oak Tree (the first of its list).
  local now full first_bidder first_org last_bidder open_ref bidders
  now=$(date +%s)
  full=$(sql "SELECT r.id FROM placement_requests r JOIN organisations c ON c.id = r.council_id
              WHERE c.kind = 'council' AND c.name = 'Haringey Council' AND r.status = 'open' AND r.deadline < $now
                AND (SELECT COUNT(*) FROM responses x WHERE x.request_id = r.id AND x.state = 'offered') = 40
              ORDER BY r.id LIMIT 1")
  [ -n "$full" ] || die "$db: no closed Haringey request with 40 offers"
  local marks; marks=$(sql "SELECT COUNT(*) FROM offer_marks WHERE request_id = $full")
  [ "$marks" = 120 ] || die "$db: the 40-offer request has $marks marks, not 40 offers x 3 questions"
  bidders="SELECT o.name FROM responses p JOIN organisations o ON o.id = p.organisation_id
           WHERE p.request_id = $full AND p.state = 'offered' ORDER BY o.name"
  first_bidder=$(sql "$bidders LIMIT 1")
  first_org=$(sql "SELECT p.organisation_id FROM responses p JOIN organisations o ON o.id = p.organisation_id
                   WHERE p.request_id = $full AND p.state = 'offered' ORDER BY o.name LIMIT 1")
  last_bidder=$(sql "$bidders DESC LIMIT 1")
  open_ref=$(sql "SELECT r.reference FROM request_recipients t JOIN placement_requests r ON r.id = t.request_id
                  JOIN organisations o ON o.id = t.organisation_id
                  WHERE o.kind = 'provider' AND o.name = 'Oak Tree Children''s Homes Ltd'
                    AND r.status = 'open' AND r.deadline > $now
                  ORDER BY r.deadline, r.id DESC LIMIT 1")
  [ -n "$open_ref" ] || die "$db: no open request sent to Oak Tree"

  echo "== $db: signing in 2 x 50 sessions" >&2
  sessions commissioner@haringey.example.gov.uk "$work/evaluator.lua"
  sessions manager@oaktree.example.co.uk "$work/provider.lua"
  renders "$work/evaluator.lua" /council/reviews "Applications to review"
  local queued; queued=$(grep -o '[0-9]* awaiting a decision' "$work/page.html" | head -n 1 | cut -d' ' -f1)
  [ "${queued:-0}" -ge 300 ] || die "$db: the Haringey queue shows ${queued:-no} applications, not the 300 seed-scale adds"
  renders "$work/evaluator.lua" "/council/reviews/$review" "$review_provider"
  renders "$work/provider.lua" /provider/applications "Your applications"
  renders "$work/provider.lua" "/provider/applications/$mine" "$mine_title"
  renders "$work/evaluator.lua" /council/requests "Placement requests"
  renders "$work/evaluator.lua" "/council/requests/$full" "$first_bidder"
  renders "$work/evaluator.lua" "/council/requests/$full" "$last_bidder"
  renders "$work/evaluator.lua" "/council/requests/$full/offers/$first_org" "Offer from $first_bidder"
  renders "$work/provider.lua" /provider/requests "Placement requests"
  renders "$work/provider.lua" /provider/requests "$open_ref"

  echo "== $db: measuring (${duration}s each)" >&2
  echo "$db load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)" >>"$results.notes"
  measure static -H "Accept-Encoding: br, gzip" "$base/$css"
  local page path who
  for page in review-queue:/council/reviews:evaluator \
              review-page:/council/reviews/$review:evaluator \
              provider-apps:/provider/applications:provider \
              provider-app:/provider/applications/$mine:provider \
              request-list:/council/requests:evaluator \
              evaluation-40:/council/requests/$full:evaluator \
              offer-page:/council/requests/$full/offers/$first_org:evaluator \
              provider-reqs:/provider/requests:provider; do
    IFS=: read -r name path who <<<"$page"
    script "$work/$who.lua" "$path" 1 >"$work/$name-think.lua"
    script "$work/$who.lua" "$path" 0 >"$work/$name-flat.lua"
    wrk -t2 -c50 -d3s -s "$work/$name-flat.lua" "$base$path" >/dev/null
    measure "$name/think" -s "$work/$name-think.lua" "$base$path"
    measure "$name/flat" -s "$work/$name-flat.lua" "$base$path"
  done
  echo "$db server RSS after the run: $(( $(ps -o rss= -p "$server") / 1024 )) MB" >>"$results.notes"
  cleanup
}

databases="${OPENDPS_BENCH_DATABASES:-sqlite postgres}"
for db in $databases; do bench_database "$db"; done

to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v+0 } else { sub(/s$/,"",v); print v*1000 } }'; }
get() { awk -v d="$1" -v n="$2" -v f="$3" '$1==d && $2==n {print $f}' "$results"; }
echo
echo "OpenDPS release build at national scale (seed-demo + seed-scale), $(nproc) cores, loopback, $(date -u +%F)"
echo "think: 50 sessions, each reads the page 100-300 ms and asks again; flat: 50 connections flat out"
echo "wrk -t2 -c50 -d${duration}s; ratio = page flat-out requests/s / static file flat-out requests/s"
printf '%-9s %-14s %12s %12s %12s %12s %12s %9s\n' database page "think p50" "think p99" "think rps" "flat rps" "flat p99" "vs static"
failed=0
for db in $databases; do
  static=$(get "$db" static 3)
  printf '%-9s %-14s %12s %12s %12s %12.0f %11.2fms %9s\n' "$db" "static file" - - - "$static" "$(to_ms "$(get "$db" static 5)")" 1.00x
  for name in review-queue review-page provider-apps provider-app request-list evaluation-40 offer-page provider-reqs; do
    t50=$(get "$db" "$name/think" 4); t99=$(get "$db" "$name/think" 5); trps=$(get "$db" "$name/think" 3)
    frps=$(get "$db" "$name/flat" 3); f99=$(get "$db" "$name/flat" 5)
    printf '%-9s %-14s %10.2fms %10.2fms %12.0f %12.0f %10.2fms %8.3fx\n' "$db" "$name" \
      "$(to_ms "$t50")" "$(to_ms "$t99")" "$trps" "$frps" "$(to_ms "$f99")" \
      "$(awk -v a="$frps" -v b="$static" 'BEGIN {print a/b}')"
  done
done
cat "$results.notes" 2>/dev/null && rm -f "$results.notes"
if awk '$6 != "-"' "$results" | grep -q .; then
  echo "errors (non-2xx responses or socket errors):"
  awk '$6 != "-" {print "  " $1 " " $2 ": " $6}' "$results"
  failed=1
fi
exit $failed
