#!/usr/bin/env bash
# Deadline rush, loopback only, against the release build, on SQLite and then on
# PostgreSQL. For each database: a fresh database, `seed-demo` then `seed-scale` (so the
# offer tables hold their 500,000 offers), then 1,000 of seed-scale's providers admitted
# to lot 1 of Staffordshire's light-touch flexible framework (by SQL on the bench
# database, with the evidence a council accepts at admission, so that the compliance
# sweep finds them in good standing), the release server, and scripts/bench-rush.py:
# 1,000 provider sessions and the Staffordshire commissioner's; the commissioner issues
# a request to the lot through the portal (all 1,000 invited) closing on a whole
# minute; every provider sends an offer at a random moment in the 60 s before the
# deadline, 200 of them a revision too, and 10 send one after it. Then, from the
# database: every offer the server answered 200 for is stored with the version it
# answered, none it refused is, each provider's standing offer is its latest version,
# and nothing is stored from after the deadline. Prints one table at the end; exits 1
# if any check fails.
# Usage: scripts/bench-rush.sh
# (scripts/bench.sh runs it after bench-pages; set OPENDPS_BENCH_BUILT=1 to skip the
# build. The build is read from ${CARGO_TARGET_DIR:-target}/release and
# ${LEPTOS_SITE_ROOT:-target/site}.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if ! command -v sqlite3 >/dev/null; then
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq sqlite3 >/dev/null
fi
if [ "${OPENDPS_BENCH_BUILT:-}" != 1 ]; then
  scripts/install.sh >/dev/null
  scripts/build-release.sh >/dev/null 2>&1 || scripts/build-release.sh
fi
bin_dir="${CARGO_TARGET_DIR:-target}/release"
site_dir="${LEPTOS_SITE_ROOT:-target/site}"
# The build as it is now, whatever is built meanwhile.
build=$(mktemp -d /tmp/opendps-bench-build.XXXXXX)
cp "$bin_dir/opendps" "$build/opendps"
cp -r "$site_dir" "$build/site"
opendps="$build/opendps"

PROVIDERS=1000
results=$(mktemp /tmp/opendps-bench-rush.XXXXXX)
addr=127.0.0.1:3102
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
die() { echo "bench-rush: $*" >&2; [ -z "$work" ] || tail -n 20 "$work/server.log" >&2 2>/dev/null || true; exit 1; }

sql() { # the database under test; values separated by |
  if [ "$db" = sqlite ]; then sqlite3 "$work/opendps.db" "$1"; else psql "$DATABASE_URL" -qAtc "$1"; fi
}

rush_database() {
  db=$1
  work=$(mktemp -d /tmp/opendps-bench-rush.XXXXXX)
  export OPENDPS_DATA_DIR="$work"
  if [ "$db" = postgres ]; then
    pg_admin=$(scripts/postgres.sh)
    pg_db="opendps_rush_$$_$(date +%s)"
    psql "$pg_admin" -qAtc "CREATE DATABASE $pg_db" >/dev/null
    export DATABASE_URL="${pg_admin%/*}/$pg_db"
  else
    unset DATABASE_URL
  fi
  echo "== $db: seed-demo, seed-scale" >&2
  "$opendps" seed-demo >/dev/null
  "$opendps" seed-scale >"$work/seed.txt"
  local seeded; seeded=$(sed -n 's/^Scale data is loaded in \([0-9.]*\) s.*/\1/p' "$work/seed.txt")

  # 1,000 scale providers admitted to the lot, as an evaluator's admission leaves them:
  # the application, the membership and the evidence accepted from the library.
  local system lot council now today range
  system=$(sql "SELECT id FROM systems WHERE reference = 'STAFFS-CWD-FF'")
  lot=$(sql "SELECT id FROM lots WHERE system_id = $system AND number = 1")
  council=$(sql "SELECT id FROM users WHERE email = 'commissioner@staffordshire.example.gov.uk'")
  [ -n "$system" ] && [ -n "$lot" ] && [ -n "$council" ] || die "$db: no Staffordshire framework, lot or commissioner"
  now=$(date +%s)
  today=$(date -u +%F)
  range="o.kind = 'provider' AND o.name BETWEEN 'Scale Provider 00001 Ltd' AND 'Scale Provider $(printf %05d $PROVIDERS) Ltd'"
  sql "INSERT INTO applications (system_id, organisation_id, status, lots, declared_by, submitted_at,
           submitted_on, decided_at, decided_by, created_by, created_at, updated_at)
       SELECT $system, o.id, 'admitted', '[$lot]', u.id, $now - 86400, '$today', $now, $council, u.id,
              $now - 90000, $now
       FROM organisations o JOIN users u ON u.organisation_id = o.id WHERE $range" >/dev/null
  sql "INSERT INTO memberships (system_id, lot_id, organisation_id, application_id, admitted_at)
       SELECT a.system_id, $lot, a.organisation_id, a.id, a.decided_at
       FROM applications a JOIN organisations o ON o.id = a.organisation_id
       WHERE a.system_id = $system AND a.status = 'admitted' AND $range" >/dev/null
  sql "INSERT INTO accepted_evidence (system_id, organisation_id, evidence_type_id, evidence_item_id,
           accepted_by, accepted_at)
       SELECT t.system_id, m.organisation_id, t.id, MIN(i.id), $council, $now
       FROM memberships m JOIN organisations o ON o.id = m.organisation_id
       JOIN evidence_types t ON t.system_id = m.system_id
       JOIN evidence_items i ON i.organisation_id = m.organisation_id AND i.title = t.name
       WHERE m.system_id = $system AND m.lot_id = $lot AND $range
       GROUP BY t.system_id, m.organisation_id, t.id" >/dev/null
  sql "SELECT u.email, o.id FROM memberships m JOIN organisations o ON o.id = m.organisation_id
       JOIN users u ON u.organisation_id = o.id
       WHERE m.system_id = $system AND m.lot_id = $lot AND $range ORDER BY o.id" | tr '|' '\t' >"$work/providers.tsv"
  [ "$(wc -l <"$work/providers.tsv")" = "$PROVIDERS" ] || die "$db: $(wc -l <"$work/providers.tsv") providers admitted, not $PROVIDERS"

  "$opendps" serve >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf "$base/sign-in" >/dev/null && break; sleep 0.1; done
  curl -sf "$base/sign-in" >/dev/null || die "$db: the server did not start"
  # The day's compliance sweep runs as the server starts: let it finish first.
  sleep 5

  echo "== $db: $PROVIDERS sessions, then the rush" >&2
  python3 scripts/bench-rush.py --base "$base" --providers "$work/providers.tsv" \
      --council commissioner@staffordshire.example.gov.uk --system "$system" --lot "$lot" \
      --out "$work" >"$work/summary.json" || die "$db: the load generator failed"
  local rss; rss=$(( $(ps -o rss= -p "$server") / 1024 ))
  field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/summary.json" "$1"; }
  local id deadline invited
  id=$(field request_id)
  deadline=$(field deadline)
  invited=$(sql "SELECT COUNT(*) FROM request_recipients WHERE request_id = $id")

  # What the server said, against what the database holds.
  awk -F'\t' '$6 == 200 { print $2 " " $7 }' "$work/attempts.tsv" | sort >"$work/accepted.txt"
  sql "SELECT CAST(organisation_id AS TEXT) || ' ' || CAST(version AS TEXT) FROM offer_versions
       WHERE request_id = $id" | sort >"$work/stored.txt"
  awk '{ if ($2 > v[$1]) v[$1] = $2 } END { for (o in v) print o " offered " v[o] }' "$work/accepted.txt" \
    | sort >"$work/standing-expected.txt"
  sql "SELECT CAST(organisation_id AS TEXT) || ' ' || state || ' ' || CAST(version AS TEXT) FROM responses
       WHERE request_id = $id" | sort >"$work/standing.txt"
  local lost unexpected unanswered standing_wrong after
  lost=$(comm -23 "$work/accepted.txt" "$work/stored.txt" | wc -l)
  unexpected=$(comm -13 "$work/accepted.txt" "$work/stored.txt" | wc -l)
  unanswered=$(awk -F'\t' '$6 == 0' "$work/attempts.tsv" | wc -l)
  standing_wrong=$(diff "$work/standing-expected.txt" "$work/standing.txt" | grep -c '^[<>]' || true)
  after=$(sql "SELECT COUNT(*) FROM offer_versions WHERE request_id = $id AND submitted_at >= $deadline")
  local status=ok
  [ "$invited" = "$PROVIDERS" ] || status="FAIL: $invited invited"
  [ "$lost" = 0 ] || status="FAIL: $lost accepted offers not stored"
  [ "$unexpected" = 0 ] || status="FAIL: $unexpected stored offers not answered 200 ($unanswered attempts got no answer)"
  [ "$standing_wrong" = 0 ] || status="FAIL: $standing_wrong providers' standing answer is not their latest accepted version"
  [ "$after" = 0 ] || status="FAIL: $after versions stored at or after the deadline"
  [ "$(field late_accepted)" = 0 ] || status="FAIL: late offers accepted"
  [ "$(field late_refused)" = "$(field late_sent)" ] || status="FAIL: not every late offer refused"
  [ "$(field server_errors)" = 0 ] || status="FAIL: server errors"
  printf '%s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s\n' "$db" "$seeded" "$invited" \
    "$(field sent_before_deadline)" "$(field first_offers_sent)" "$(field revisions_sent)" "$(field accepted)" \
    "$(field refused_before_deadline)" "$(field late_sent)" "$(field late_refused)" \
    "$(( $(field server_errors) + unanswered ))" "$lost" "$unexpected" \
    "$(field p50_ms)" "$(field p99_ms)" "$(field max_ms)" "$(field busiest_second)" "$rss" >>"$results"
  echo "$db: $status; signing in took $(field sessions_signed_in_s) s; $(wc -l <"$work/stored.txt") versions stored; worst start lag $(field worst_start_lag_ms) ms" >>"$results.notes"
  # Why offers were refused before the deadline, if any were (a revision sent in the
  # last moments and answered after it is refused, rightly).
  awk -F'\t' '$1 != "late" && $6 >= 400 && $6 < 500 { print "  refused " $1 " sent " ($4 - '"$deadline"') " s from the deadline: " $7 }' \
    "$work/attempts.tsv" | head -n 5 >>"$results.notes"
  [ "$status" = ok ] || failed=1
  cleanup
}

failed=0
rush_database sqlite
rush_database postgres

echo
echo "OpenDPS release build, deadline rush at national scale, $(nproc) cores, loopback, $(date -u +%F)"
echo "$PROVIDERS invited providers (one session each) of a light-touch lot; each offers once in the 60 s"
echo "before the deadline, 200 also revise, 10 post after it; latency of the offers answered 200"
printf '%-9s %8s %8s %6s %7s %6s %9s %8s %9s %7s %5s %11s %8s %8s %8s %9s %7s\n' database "seed s" invited sent "offers" revis accepted refused late/ref errors lost "unexpected" "p50 ms" "p99 ms" "max ms" "busiest/s" "RSS MB"
while read -r d seeded invited sent offers revisions accepted refused late late_refused errors lost unexpected p50 p99 max busiest rss; do
  printf '%-9s %8s %8s %6s %7s %6s %9s %8s %9s %7s %5s %11s %8s %8s %8s %9s %7s\n' "$d" "$seeded" "$invited" "$sent" \
    "$offers" "$revisions" "$accepted" "$refused" "$late/$late_refused" "$errors" "$lost" "$unexpected" "$p50" "$p99" "$max" "$busiest" "$rss"
done <"$results"
cat "$results.notes" 2>/dev/null && rm -f "$results.notes"
exit $failed
